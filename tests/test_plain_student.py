"""Plain mode as a screen reader hears it and a pipe records it: golden transcripts of feedback
that spans several lines, true/false by number, the retry question ending its line, and
`casequiz history` listing past attempts and showing one's review."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.cli.main import _home_paths, main
from casequiz.plain.runner import PlainSession
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.store.db import Store

STUDENT = Path(__file__).resolve().parent / "data" / "tui" / "student.yaml"

PLAIN = Path(__file__).resolve().parent / "data" / "plain"
LONG_MATCH = PLAIN / "long-match.yaml"
GOLDEN = PLAIN / "long-match-feedback.txt"
"""The transcript of a partly right match: what a pipe records, byte for byte."""


def test_multi_line_feedback_keeps_each_bullet_one_item() -> None:
    """A wrong pair's note wraps under its bullet (indented, no second `-`), so a screen reader
    hears one item per pair; the retry question ends its line when the input is piped."""
    attempt = Attempt.start(
        load_banks([LONG_MATCH]), Selection(seed=3), student="Ada", mode=Mode.PRACTICE
    )
    shown = attempt.current.choices()
    change = "abcdefg"[shown.index("A major change of course in relations with the US")]
    out = io.StringIO()
    PlainSession(attempt, io.StringIO(f"1{change} 2{change}\nn\n"), out, False).run()
    assert out.getvalue() == GOLDEN.read_text("utf-8")
    assert out.getvalue().endswith("[y/N] \n")


def _true_false(typed: str) -> tuple[Attempt, str]:
    """The true/false question (its answer: False) answered with `typed`, and the transcript."""
    attempt = Attempt.start(
        load_banks([STUDENT]),
        Selection(seed=1, question_ids=("student:capable",)),
        student="Ada",
        mode=Mode.PRACTICE,
    )
    out = io.StringIO()
    PlainSession(attempt, io.StringIO(f"{typed}\n"), out, False).run()
    return attempt, out.getvalue()


def test_true_false_takes_numbers_as_the_tui_does() -> None:
    """`2` answers False and `1` True, as listed: `1. True`, `2. False`; a wrong answer reads
    `Expected: False`, capitalised as the options are."""
    for typed, expected in (("2", False), ("1", True)):
        attempt, transcript = _true_false(typed)
        assert attempt.answers[0].response is expected
        assert "  1. True\n  2. False\n" in transcript
    assert "Expected: False" in _true_false("1")[1]


def test_an_excerpt_with_its_own_quotation_marks_gets_no_second_pair() -> None:
    assert "  > “Cambodia exports garments, not arms.”\n" in _true_false("t")[1]


def _finished(db: Path, mode: Mode, answer: bool) -> int:
    with Store(db) as store:
        attempt = Attempt.start(
            load_banks([STUDENT]),
            Selection(seed=1, question_ids=("student:capable",)),
            student="Ada",
            mode=mode,
            log=store,
        )
        attempt.answer(answer)
        attempt.finish()
        assert attempt.id is not None
        return attempt.id


def test_history_lists_attempts_and_shows_one(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`casequiz history`: one entry per finished attempt, newest first, with date, mode,
    score and student, the bank's title below; `history N` the results and the review with
    the answer given, what was expected and the excerpt."""
    db = env / "casequiz.db"
    first = _finished(db, Mode.PRACTICE, True)
    second = _finished(db, Mode.EXAM, False)
    assert main(["--db", str(db), "history", "--student", "Ada"]) == 0
    listing = capsys.readouterr().out
    assert listing.index(f"#{second}") < listing.index(f"#{first}")
    assert " · exam · 1/1 (100%) · Ada" in listing and " · practice · 0/1 (0%) · Ada" in listing
    assert "Cambodia's trade with the EU, the US and China" in listing
    assert main(["--db", str(db), "history", str(second)]) == 0
    review = capsys.readouterr().out
    assert "Score: 1 of 1 (100%)" in review
    assert "Your answer: False" in review and "“Cambodia exports garments, not arms.”" in review
    assert main(["--db", str(db), "history", "999"]) == 1
    assert "no finished attempt number 999" in capsys.readouterr().err


def test_history_with_nothing_finished(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(env / "casequiz.db"), "history", "--student", "Nobody"]) == 0
    assert "No finished attempt yet." in capsys.readouterr().out


def test_a_folder_on_the_command_line_opens_home_on_it(tmp_path: Path) -> None:
    """`casequiz DIR` names banks for the home screen; a typo is still left to the parser."""
    assert _home_paths(["--db", "x.db", str(tmp_path)]) == (["--db", "x.db"], [str(tmp_path)])
    assert _home_paths(["validate", str(tmp_path)]) == (["validate", str(tmp_path)], [])
    assert _home_paths(["valdiate"]) == (["valdiate"], [])
