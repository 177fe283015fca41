"""The result file's path, longer than the terminal is wide: on screen it breaks only between
folders, so no name is split; once the app closes it is printed whole in the shell."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from tui_support import VALID, FakeClock, app_on, journey, right_keys, start, wait_for

from casequiz.quiz.attempt import Mode
from casequiz.store.db import Store
from casequiz.tui.app import print_handed_in
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.screens.results import ResultsScreen
from casequiz.tui.widgets.pathtext import PathText, path_lines

NAMES = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=30,
)


@given(st.lists(NAMES, min_size=1, max_size=8), st.integers(min_value=8, max_value=100))
def test_path_lines_keep_every_character_and_fit(names: list[str], width: int) -> None:
    path = "/" + "/".join(names)
    lines = path_lines(path, width)
    assert "".join(lines) == path
    assert all(cell_len(line) <= width for line in lines)


@given(st.lists(NAMES, min_size=1, max_size=8), st.integers(min_value=30, max_value=100))
def test_a_name_that_fits_is_never_split(names: list[str], width: int) -> None:
    path = "/" + "/".join(names)
    lines = path_lines(path, width)
    for name in names:
        if cell_len(name) + 1 <= width:
            assert any(name in line for line in lines), (name, lines)


def test_path_lines_break_after_the_separator() -> None:
    path = "/home/student/.local/share/casequiz/results/ada-cambodia-20261202T072823-1eedc046.json"
    assert path_lines(path, 60) == [
        "/home/student/.local/share/casequiz/results/",
        "ada-cambodia-20261202T072823-1eedc046.json",
    ]
    assert path_lines(path, 200) == [path]
    assert path_lines("/a/" + "x" * 25, 10) == ["/a/", "x" * 10, "x" * 10, "x" * 5]


@journey
async def test_a_long_result_path_shows_whole_names_and_is_printed_on_exit(
    store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "course-results-for-the-spring-term" / "cambodia-trade-case-seminar"
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(folder))
    attempt = start(store, clock, [VALID], mode=Mode.EXAM, question_ids=["all-types:capital"])
    app = app_on(attempt, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*right_keys(attempt.current))
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("enter")
        results = await wait_for(pilot, ResultsScreen)
        path = results.outcome.result_file
        assert path is not None and len(str(path)) > 78
        shown = results.query_one("#result-file", PathText)
        lines = str(shown.render()).split("\n")
        assert "".join(lines) == str(path)
        assert lines[-1] == path.name
        assert shown.region.height == len(lines) and shown.content_size.width <= 78
        assert all(cell_len(line) <= shown.content_size.width for line in lines)
    out = io.StringIO()
    print_handed_in(app.handed_in, out)
    assert out.getvalue() == f"Result file to hand in: {path}\n"
    assert os.path.exists(path)
