"""Pilot journeys through the terminal UI at 80x24, driven by key presses as a student would.

Each journey checks what the student sees and what the store holds: the UI must never score
or store on its own, and never lose an answer.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tui_support import (
    TUI,
    VALID,
    FakeClock,
    app_on,
    journey,
    right_keys,
    start,
    until,
    wait_for,
    wrong_keys,
)

from casequiz.bank.cloze import cited_excerpts
from casequiz.quiz.attempt import Mode
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.home import HomeScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.screens.results import ResultsScreen
from casequiz.tui.widgets.excerpt import ExcerptView
from casequiz.tui.widgets.feedback import FeedbackPanel
from casequiz.tui.widgets.matching import ChoiceLegend
from casequiz.tui.widgets.ordering import OrderList
from casequiz.tui.widgets.rowlist import Row

SIZE = (80, 24)
TYPES = ["single", "multiple", "true_false", "numeric", "short", "order", "match", "cloze"]
QUESTION_OF_TYPE = {
    "single": "capital",
    "multiple": "eba-parts",
    "true_false": "withdrawn",
    "numeric": "exports",
    "short": "acronym",
    "order": "sequence",
    "match": "who",
    "cloze": "passage",
}
BEFORE_THE_CLOZE = ("capital", "eba-parts", "withdrawn", "exports", "share", "acronym")
EIGHT = [f"all-types:{question}" for question in (*BEFORE_THE_CLOZE, "sequence", "who")]
"""The bank's questions before its cloze, in bank order: the draw these journeys were written
for (a seeded draw from them is the draw from the whole bank before the cloze was added)."""


def _home(store: Store, clock: FakeClock, paths: list[Path] | None = None) -> CaseQuizApp:
    return CaseQuizApp(
        store=store,
        bank_paths=paths or [VALID],
        student="Ada",
        seed=1,
        clock=clock,
        cursor_blink=False,
    )


@journey
async def test_a_whole_practice_attempt_by_keys_reaches_the_results(
    store: Store, clock: FakeClock
) -> None:
    """Home → start → every question answered right with its keys, feedback after each → results."""
    app = _home(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HomeScreen)
        await pilot.press("ctrl+s")
        screen = await wait_for(pilot, QuestionScreen)
        attempt = screen.attempt
        assert attempt.mode is Mode.PRACTICE and attempt.student == "Ada"
        for number in range(len(attempt.slots)):
            assert attempt.position == number
            await pilot.press(*right_keys(attempt.current))
            feedback = await wait_for(pilot, FeedbackScreen)
            assert feedback.query_one(".verdict").has_class("-correct")
            await pilot.press("enter")
            if number + 1 < len(attempt.slots):
                await wait_for(pilot, QuestionScreen)
        results = await wait_for(pilot, ResultsScreen)
        assert results.outcome.result.percent == 100
        assert "Score 12 / 12 · 100%" in str(results.query_one("#score").content)
    stored = store.attempt(attempt.id or 0)
    assert stored is not None and stored.finished and stored.score == 12  # the cloze: 4
    assert len(stored.answers) == 9


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@journey
async def test_each_type_answered_shows_feedback_with_its_excerpt(
    store: Store, clock: FakeClock, kind: str, right: bool
) -> None:
    """One question of each type, answered right and wrong: the verdict, and the excerpt quoted."""
    attempt = start(store, clock, [VALID], question_ids=[f"all-types:{QUESTION_OF_TYPE[kind]}"])
    slot = attempt.current
    assert slot.question.type == kind
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*(right_keys(slot) if right else wrong_keys(slot)))
        screen = await wait_for(pilot, FeedbackScreen)
        verdict = screen.query_one(FeedbackPanel).query_one(".verdict")
        assert verdict.has_class("-correct") is right
        shown = [str(view.content) for view in screen.query(ExcerptView)]
        citation = "— A memo about the trade scheme, Test Gazette, 2020-08"
        quoted = cited_excerpts(slot.question)  # a cloze that quotes its source: the passage
        assert shown == [f"“{excerpt.quote}”\n{citation}" for excerpt in quoted]
    answer = attempt.answers[0]
    assert answer.verdict.correct is right


@journey
async def test_an_exam_whose_time_runs_out_finishes_and_shows_results(
    store: Store, clock: FakeClock
) -> None:
    """The clock passes the limit on an open question: the exam ends, a result file exists."""
    attempt = start(store, clock, [VALID], mode=Mode.EXAM, time_limit=600)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*right_keys(attempt.current))
        await until(pilot, lambda: attempt.position == 1)
        assert "10:00 left" in str(pilot.app.screen.query_one("#standing").content)
        clock.now += timedelta(seconds=601)
        results = await wait_for(pilot, ResultsScreen)
        assert results.outcome.timed_out
        assert results.query_one("#time-up")
        path = results.outcome.result_file
        assert path is not None and path.exists()
        assert str(results.query_one("#result-file").render()).replace("\n", "") == str(path)
    stored = store.attempt(attempt.id or 0)
    assert stored is not None and stored.finished and stored.score == 1
    assert stored.finished_at == "2025-01-06T09:10:00.000+00:00"


@journey
async def test_quit_mid_attempt_asks_and_resume_continues_where_it_stopped(
    store: Store, clock: FakeClock
) -> None:
    """Two answers, q, yes: back home (the attempt listed under Unfinished), ctrl+q quits; the
    store holds both answers; the next start resumes at question 3."""
    app = _home(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HomeScreen)
        await pilot.press("ctrl+s")
        screen = await wait_for(pilot, QuestionScreen)
        attempt = screen.attempt
        for _ in range(2):
            await pilot.press(*right_keys(attempt.current))
            await wait_for(pilot, FeedbackScreen)
            await pilot.press("enter")
            await wait_for(pilot, QuestionScreen)
        await pilot.press("q")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_for(pilot, QuestionScreen)
        await pilot.press("ctrl+q")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("y")
        home = await wait_for(pilot, HomeScreen)
        listing = home.query_one("#unfinished")
        assert listing.display and "2/9" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    unfinished = store.unfinished()
    assert [record.uid for record in unfinished] == [attempt.uid]
    assert len(unfinished[0].answers) == 2 and unfinished[0].position == 2

    again = _home(store, clock)
    async with again.run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        assert "Ada" in str(home.query_one("#unfinished").get_option_at_index(0).prompt)
        await pilot.press("ctrl+r")
        screen = await wait_for(pilot, QuestionScreen)
        resumed = screen.attempt
        assert resumed.uid == attempt.uid and resumed.position == 2
        assert sorted(resumed.answers) == [0, 1]
        assert "Question 3 of 9" in str(screen.query_one("#position").content)
        await pilot.press("b")
        await until(pilot, lambda: resumed.position == 1)
        assert "Answered" in str(screen.query_one("#status").content)


@journey
async def test_skip_back_and_flag_move_through_the_attempt(store: Store, clock: FakeClock) -> None:
    """s skips, b goes back, m flags (and the header says so), pagedown skips from a text box."""
    attempt = start(store, clock, [VALID], question_ids=EIGHT)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        assert attempt.current.question.type == "numeric"
        await pilot.press("pagedown")
        await until(pilot, lambda: attempt.position == 1)
        await pilot.press("m")
        assert attempt.flags == {1}
        assert "flagged" in str(screen.query_one("#standing").content)
        await pilot.press("s", "b")
        await until(pilot, lambda: attempt.position == 1)
        await pilot.press("enter")  # an order question takes the order shown
        await wait_for(pilot, FeedbackScreen)
    assert store.unfinished()[0].flags == [1]


@journey
async def test_enter_without_a_choice_says_what_to_do(store: Store, clock: FakeClock) -> None:
    """Nothing chosen, Enter: a warning under the question, nothing recorded."""
    attempt = start(store, clock, [VALID], question_ids=["all-types:capital"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press("enter")
        status = screen.query_one("#status")
        assert status.has_class("-warning") and "number key" in str(status.content)
    assert attempt.answers == {}


@journey
async def test_an_unreadable_number_is_sent_back_not_scored(store: Store, clock: FakeClock) -> None:
    """`about six` for a numeric question: the reason is shown, and nothing is committed."""
    attempt = start(store, clock, [VALID], question_ids=["all-types:exports"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press(*"about", "space", *"six", "enter")
        assert "could not read" in str(screen.query_one("#status").content)
    assert attempt.answers == {}


@journey
async def test_practice_results_retry_the_wrong_ones(store: Store, clock: FakeClock) -> None:
    """Wrong, right, then r on the results: a new practice attempt of the one wrong question."""
    ids = ["all-types:capital", "all-types:withdrawn"]
    attempt = start(store, clock, [VALID], question_ids=ids)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        first = attempt.current
        await pilot.press(*wrong_keys(first))
        await wait_for(pilot, FeedbackScreen)
        await pilot.press("enter")
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*right_keys(attempt.current))
        await wait_for(pilot, FeedbackScreen)
        await pilot.press("enter")
        await wait_for(pilot, ResultsScreen)
        await pilot.press("enter")  # the first question's feedback, for review
        review = await wait_for(pilot, FeedbackScreen)
        assert review.review and review.slot is first
        await pilot.press("escape")
        await wait_for(pilot, ResultsScreen)
        await pilot.press("r")
        screen = await wait_for(pilot, QuestionScreen)
        retry = screen.attempt
        assert retry is not attempt and [s.key for s in retry.slots] == [first.key]


@journey
async def test_an_exam_answered_through_asks_then_writes_the_result_file(
    store: Store, clock: FakeClock
) -> None:
    """Exam: no feedback between questions; after the last, a confirmation, then the result file."""
    attempt = start(store, clock, [VALID], mode=Mode.EXAM, question_ids=["all-types:capital"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*right_keys(attempt.current))
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("enter")  # "Finish" has the focus
        results = await wait_for(pilot, ResultsScreen)
        path = results.outcome.result_file
        assert path is not None and path.parent.name == "results" and path.exists()
        await pilot.press("enter")
        review = await wait_for(pilot, FeedbackScreen)
        assert review.query_one(".verdict").has_class("-correct")


@journey
async def test_the_source_text_opens_at_the_excerpt(store: Store, clock: FakeClock) -> None:
    """o on the feedback: the memo's full text, with the excerpt's paragraph marked."""
    attempt = start(store, clock, [VALID], question_ids=["all-types:capital"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*right_keys(attempt.current), "o")
        from casequiz.tui.screens.source import SourceScreen

        source = await wait_for(pilot, SourceScreen)
        marked = source.query_one(".-excerpt")
        assert "The capital, Phnom Penh, hosts the ministry." in str(marked.content)
        await pilot.press("escape")
        await wait_for(pilot, FeedbackScreen)


@journey
async def test_bank_text_that_looks_like_markup_shows_as_typed(
    store: Store, clock: FakeClock
) -> None:
    """`[bold]`, `[/]`, `[sic]` and an escape sequence appear as typed, the escape made visible."""
    attempt = start(store, clock, [TUI / "markup.yaml"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        prompt = str(screen.query_one("#prompt").content)
        assert prompt == "Which one is [bold]bold[/]? The escape \\x1b[31m must not colour this."
        labels = [str(label.content) for label in screen.query(".label")]
        assert sorted(labels) == sorted(["[bold]", "[/]", "[sic]", "plain \\x1b[2J"])
        svg = pilot.app.export_screenshot()
        assert "\x1b" not in svg and "[bold]" in svg.replace("&#160;", " ")
        await pilot.press(*right_keys(attempt.current))
        feedback = await wait_for(pilot, FeedbackScreen)
        text = " ".join(str(w.content) for w in feedback.query(".explanation, ExcerptView"))
        assert "[b]Explanation[/b] with [sic] and \\x1b[0m." in text
        assert "The word [sic] marks a quote kept as written." in text
        assert "A [red]note[/red] with \\x1b[31mred\\x1b[0m" in text


@journey
async def test_the_mouse_answers_too(store: Store, clock: FakeClock) -> None:
    """Click the right option, then a match choice, order buttons and a results row."""
    ids = ["all-types:capital", "all-types:who", "all-types:sequence"]
    attempt = start(store, clock, [VALID], question_ids=ids)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        for _ in range(3):
            slot = attempt.current
            question = slot.question
            if question.type == "single":
                rows = screen.query("#answer Row").results(Row)
                await pilot.click(
                    next(r for r in rows if r.index == slot.choices().index("Phnom Penh"))
                )
            elif question.type == "match":
                legend = screen.query_one(ChoiceLegend)
                for right in question.pairs.values():
                    row = next(r for r in legend.rows if r.index == slot.choices().index(right))
                    await pilot.click(row)
            else:
                while attempt_order(screen) != list(question.items):
                    order = attempt_order(screen)
                    at = next(i for i, item in enumerate(order) if item != question.items[i])
                    wanted = order.index(question.items[at])
                    rows = screen.query_one(OrderList).rows
                    await pilot.click(rows[wanted])
                    for _ in range(wanted - at):
                        await pilot.click("#order-up")
            await pilot.press("enter")
            await wait_for(pilot, FeedbackScreen)
            assert pilot.app.screen.query_one(".verdict").has_class("-correct")
            await pilot.press("enter")
            if attempt.unanswered():
                screen = await wait_for(pilot, QuestionScreen)
        await wait_for(pilot, ResultsScreen)
        await pilot.click("#questions", offset=(10, 2))  # the second question's line
        review = await wait_for(pilot, FeedbackScreen)
        assert review.slot is attempt.slots[1]


def attempt_order(screen: object) -> list[str]:
    return list(screen.query_one(OrderList).items)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("location", "says"), [("file", "casequiz resume"), ("memory", "in memory")]
)
@journey
async def test_quitting_says_whether_the_attempt_can_be_resumed(
    tmp_path: Path, clock: FakeClock, location: str, says: str
) -> None:
    """ctrl+q in an attempt started by `casequiz practice`: a store on disk is resumable; one in
    memory (`--db :memory:`) ends with casequiz, and the dialog says so."""
    with Store(tmp_path / "x.db" if location == "file" else ":memory:") as store:
        app = app_on(start(store, clock, [VALID]), store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, QuestionScreen)
            await pilot.press("ctrl+q")
            dialog = await wait_for(pilot, ConfirmScreen)
            assert isinstance(dialog, ConfirmScreen)
            assert says in dialog.detail
            assert ("casequiz resume" in dialog.detail) == (location == "file")
