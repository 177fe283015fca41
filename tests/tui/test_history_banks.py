"""The History screen reopens a past attempt on the very bank it was taken on: found by id and
content hash (where it was taken, else `./questions` or the bundled banks), as `casequiz
history`, `stats` and `export` find it, never on whatever file now sits at the recorded path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_support import TUI, FakeClock, journey, start, until, wait_for

from casequiz.quiz.attempt import Mode
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.screens.history import HistoryScreen
from casequiz.tui.screens.home import HomeScreen
from casequiz.tui.screens.results import ResultsScreen

SIZE = (80, 24)
STUDENT = TUI / "student.yaml"


def _copy_bank(bank: Path) -> None:
    """The test bank and its source text, copied to `bank`'s folder."""
    shutil.copy(STUDENT, bank)
    shutil.copy(STUDENT.parent / "memo.txt", bank.parent / "memo.txt")


def _finished_exam(store: Store, clock: FakeClock, bank: Path) -> None:
    attempt = start(store, clock, [bank], mode=Mode.EXAM, question_ids=["student:capable"])
    attempt.answer(False)
    attempt.finish()


async def _open_first_past(store: Store, clock: FakeClock, home_banks: list[Path]) -> object:
    app = CaseQuizApp(store=store, bank_paths=home_banks, seed=1, clock=clock, student="Ada")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HomeScreen)
        await pilot.press("ctrl+o")
        await wait_for(pilot, HistoryScreen)
        await pilot.press("enter")
        await pilot.pause()
        if isinstance(app.screen, ResultsScreen):
            return app.screen
        status = app.screen.query_one("#status", Static)
        await until(pilot, lambda: bool(str(status.content)))
        return str(status.content)


@journey
async def test_an_edited_bank_at_the_recorded_path_is_not_the_attempts_bank(
    store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the exam the teacher edits the bank: the History says it cannot open the attempt
    (another version may hold other questions) instead of reviewing it on the edited file."""
    monkeypatch.chdir(tmp_path)
    bank = tmp_path / "student.yaml"
    _copy_bank(bank)
    _finished_exam(store, clock, bank)
    bank.write_text(bank.read_text("utf-8").replace("title:", "description: edited\ntitle:", 1))
    shown = await _open_first_past(store, clock, [bank])
    assert isinstance(shown, str)
    assert "Cannot open it: bank student not found (same id and content hash)" in shown


@journey
async def test_a_moved_bank_is_found_in_the_questions_folder(
    store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bank the exam was taken on has gone from where it was, but the same version is in
    ./questions: the History opens the attempt's results from it."""
    taken = tmp_path / "taken" / "student.yaml"
    taken.parent.mkdir()
    _copy_bank(taken)
    _finished_exam(store, clock, taken)
    (tmp_path / "questions").mkdir()
    for name in ("student.yaml", "memo.txt"):
        (taken.parent / name).rename(tmp_path / "questions" / name)
    monkeypatch.chdir(tmp_path)
    shown = await _open_first_past(store, clock, [tmp_path / "questions"])
    assert isinstance(shown, ResultsScreen)
