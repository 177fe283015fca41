"""A study session in the terminal UI, driven key by key with Pilot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Scheduler
from textual.app import App
from textual.widgets import Static

from casequiz.bank.load import load_banks
from casequiz.quiz.study import StudySession
from casequiz.quiz.studystats import ForecastDay
from casequiz.store.cards import CardStore
from casequiz.store.db import Store
from casequiz.tui.screens.study import StudyScreen
from casequiz.tui.screens.studyfeedback import StudyFeedbackScreen
from casequiz.tui.screens.studymenu import StudyMenuScreen
from casequiz.tui.studyapp import StudyApp
from casequiz.tui.widgets.forecast import ForecastChart, column_chart

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

BANK = """\
casequiz: 1
id: drill
title: Drill
questions:
  - id: true-one
    type: true_false
    prompt: This statement is true.
    answer: true
  - id: capital
    type: single
    prompt: Which city is the capital of Cambodia?
    options: [Phnom Penh, Siem Reap]
    answer: Phnom Penh
  - id: acronym
    type: short
    prompt: What does EBA stand for?
    answer: Everything but Arms
"""


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.db")


def session_for(tmp_path: Path, store: Store, clock: Clock) -> StudySession:
    path = tmp_path / "drill.yaml"
    path.write_text(BANK, "utf-8")
    return StudySession.start(
        load_banks([path], use_cache=False),
        student="ana",
        log=CardStore(store),
        clock=clock,
        scheduler=Scheduler(enable_fuzzing=False),
        learn_ahead=timedelta(0),
        seed=1,
    )


def text_of(app: App[int], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_a_study_session_rates_each_answer_and_ends_on_the_forecast(
    tmp_path: Path, store: Store
) -> None:
    asyncio.run(_study_journey(tmp_path, store))


async def _study_journey(tmp_path: Path, store: Store) -> None:
    clock = Clock()
    session = session_for(tmp_path, store, clock)
    app = StudyApp(session, store)
    async with app.run_test(size=(100, 34)) as pilot:
        assert isinstance(app.screen, StudyScreen)
        assert "question 1 · new · 2 more" in text_of(app, "#study-header")

        # true/false, answered right at once: Easy is suggested, and its due time shown
        clock.now += timedelta(seconds=2)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyFeedbackScreen)
        rating = text_of(app, "#rating")
        assert rating.startswith("Easy · comes back in")
        assert "suggested Easy (right, and fast)" in rating
        assert "1  Again" in rating and "4  Easy" in rating
        await pilot.press("1")  # the student overrides: Again
        assert text_of(app, "#rating").startswith("Again · comes back in 1 minute")
        assert [r.rating for r in CardStore(store).reviews("ana")] == [1]
        await pilot.press("enter")
        await pilot.pause()

        # the next question says when the last one comes back
        assert isinstance(app.screen, StudyScreen)
        assert "Again: that question comes back in 1 minute" in text_of(app, "#status")
        assert "question 2 · new · 1 more" in text_of(app, "#study-header")
        clock.now += timedelta(seconds=30)  # slow: Good, not Easy
        capital = app.screen.query_one("#answer")
        phnom_penh = capital.choices.index("Phnom Penh") + 1  # type: ignore[attr-defined]
        await pilot.press(str(phnom_penh), "enter")
        await pilot.pause()
        assert text_of(app, "#rating").startswith("Good · comes back in 10 minutes")
        await pilot.press("enter")
        await pilot.pause()

        # a wrong short answer: Again is suggested and kept
        await pilot.press(*"arms", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyFeedbackScreen)
        assert "suggested Again (wrong answer)" in text_of(app, "#rating")
        await pilot.press("enter")
        await pilot.pause()

        # the session is over: the menu with the counts and the forecast
        assert isinstance(app.screen, StudyMenuScreen)
        assert text_of(app, "#status") == "Studied 3: 2 Again, 1 Good."
        label = str(app.screen.query(".label").first(Static).render())
        assert "0 due now · 0 new · 0 learned" in label
        chart = app.screen.query_one(ForecastChart)
        assert chart.days[0] == ForecastDay(T0.astimezone().date(), 3)

        clock.now += timedelta(minutes=15)  # all three are due again
        app.screen.refresh_figures()
        await pilot.pause()
        label = str(app.screen.query(".label").first(Static).render())
        assert "3 due now · 0 new · 0 learned" in label
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert "question 1 · learning · 2 more" in text_of(app, "#study-header")
        await pilot.press("e")  # end the session: nothing to lose
        await pilot.pause()
        assert isinstance(app.screen, StudyMenuScreen)
        assert text_of(app, "#status") == "Nothing rated in this session."

    ratings = [(r.question_id, r.rating, r.suggested) for r in CardStore(store).reviews("ana")]
    assert ratings == [("true-one", 1, 4), ("capital", 3, 3), ("acronym", 1, 1)]


def test_nothing_to_study_opens_the_menu_with_a_note(tmp_path: Path, store: Store) -> None:
    asyncio.run(_nothing_to_study(tmp_path, store))


async def _nothing_to_study(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "drill.yaml"
    path.write_text(BANK, "utf-8")
    session = StudySession.start(
        load_banks([path], use_cache=False), student="ana", new=0, log=CardStore(store)
    )
    app = StudyApp(session, store)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyMenuScreen)
        assert "Nothing to study now" in text_of(app, "#status")
        assert "Nothing scheduled yet" in str(app.screen.query_one(ForecastChart).render())
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


def test_the_forecast_chart_scales_to_the_busiest_day() -> None:
    rows = column_chart([8, 1, 0, 4], height=2)
    # eight is two full rows; one still shows as a sliver; nothing due shows nothing
    assert rows == ["██         ", "██ ▂▂    ██"]


def test_the_home_screen_opens_study_with_its_counts(tmp_path: Path, store: Store) -> None:
    asyncio.run(_from_home(tmp_path, store))


async def _from_home(tmp_path: Path, store: Store) -> None:
    from textual.widgets import Button, Input

    from casequiz.tui.app import CaseQuizApp
    from casequiz.tui.screens.home import HomeScreen

    path = tmp_path / "drill.yaml"
    path.write_text(BANK, "utf-8")
    clock = Clock()
    app = CaseQuizApp(store=store, bank_paths=[path], student="ana", clock=clock)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#study", Button).label) == "Study · 0 due now · 3 new"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, StudyMenuScreen)
        label = str(app.screen.query(".label").first(Static).render())
        assert "0 due now · 3 new · 0 learned" in label
        app.screen.query_one("#study-new", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        meta = str(app.screen.query_one("#meta").render())
        assert "1 point · t or 1 for true, f or 2 for false." in meta
        await pilot.press("1", "enter", "3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyMenuScreen)
        assert text_of(app, "#status") == "Studied 1: 1 Good."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#study", Button).label) == "Study · 0 due now · 2 new"
        clock.now += timedelta(minutes=11)
        app.screen.query_one("#student", Input).value = "ana "  # typing updates the entry
        await pilot.pause()
        assert str(app.screen.query_one("#study", Button).label) == "Study · 1 due now · 2 new"
    (review,) = CardStore(store).reviews("ana")
    assert (review.question_id, review.rating) == ("true-one", 3)


def test_the_study_keys_are_in_the_help_and_the_guide() -> None:
    """Every key a study screen binds is listed by the help screen, and every key of the help's
    Study section is explained in docs/studying.md."""
    import re

    from textual.binding import Binding

    from casequiz.tui.keys import SECTIONS, STUDY

    shown = {"question_mark": "?"}
    listed = {
        token for _, keys in SECTIONS for column, _ in keys for token in re.split(r", | / ", column)
    }
    for owner in (StudyApp, StudyMenuScreen, StudyScreen, StudyFeedbackScreen):
        keys = [
            key.strip()
            for binding in owner.BINDINGS
            if isinstance(binding, Binding)
            for key in binding.key.split(",")
        ]
        missing = [key for key in keys if shown.get(key, key) not in listed]
        assert not missing, f"{owner.__name__} binds {missing}, which the help does not list"
    guide = (Path(__file__).resolve().parents[2] / "docs" / "studying.md").read_text("utf-8")
    tokens = [token for column, _ in STUDY[1] for token in re.split(r", | / ", column)]
    missing = [token for token in tokens if f"`{token}`" not in guide]
    assert not missing, f"docs/studying.md does not explain {missing}"
    assert "`ctrl+l`" in guide
