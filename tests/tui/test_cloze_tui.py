"""Cloze questions in the terminal UI: filling the blanks by keys, feedback per blank, and the
exam, study and resume roads through the same widget."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fsrs import Scheduler
from textual.color import Color
from textual.content import Content
from textual.widgets import Static
from tui_support import (
    TUI,
    FakeClock,
    app_on,
    cloze_keys,
    journey,
    right_keys,
    start,
    typed,
    until,
    wait_for,
    wrong_keys,
)

from casequiz.bank.load import load_banks
from casequiz.bank.model import ClozeQuestion
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.study import StudySession
from casequiz.store.cards import CardStore
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.screens.results import ResultsScreen
from casequiz.tui.screens.study import StudyScreen
from casequiz.tui.screens.studyfeedback import StudyFeedbackScreen
from casequiz.tui.studyapp import StudyApp
from casequiz.tui.widgets.cloze import BlankInput, BlankSelect, ClozeAnswer, line_of
from casequiz.tui.widgets.clozefeedback import ClozeFeedback

SIZE = (80, 24)
CLOZE = TUI / "cloze.yaml"
PARTLY = {"year": "2020", "part": "half", "value": "5,800 million"}
"""The EBA passage answered partly right: the year and the figure right (3 of 5 points), the
share wrong, the scheme left empty."""


def _eba(store: Store, clock: FakeClock, **options: Any) -> CaseQuizApp:
    attempt = start(store, clock, [CLOZE], question_ids=["cloze:eba"], **options)
    return app_on(attempt, store, clock)


def _question(app: CaseQuizApp) -> ClozeQuestion:
    question = app.attempt.current.question  # type: ignore[union-attr]
    assert isinstance(question, ClozeQuestion)
    return question


def _text(widget: Any) -> str:
    return str(widget.render()).rstrip()


def _eba_first(store: Store, clock: FakeClock, **options: Any) -> Attempt:
    """An attempt at both passages, on the EBA one."""
    attempt = start(store, clock, [CLOZE], question_ids=["cloze:eba", "cloze:long"], **options)
    attempt.go(next(i for i, s in enumerate(attempt.slots) if s.question.id == "eba"))
    return attempt


@journey
async def test_a_cloze_answered_right_shows_every_blank_right(
    store: Store, clock: FakeClock
) -> None:
    """Each blank filled in turn (enter goes on, a dropdown opened and chosen from), enter on
    the last submits: `✔ Correct · 5/5`, the passage with each answer marked ✔."""
    app = _eba(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        assert isinstance(app.focused, BlankInput) and app.focused.blank == "year"
        await pilot.press(*right_keys(app.attempt.current))  # type: ignore[union-attr]
        screen = await wait_for(pilot, FeedbackScreen)
        verdict = screen.query_one(".verdict")
        assert verdict.has_class("-correct") and "5/5 points" in _text(verdict)
        feedback = screen.query_one(ClozeFeedback)
        passage = _text(feedback.query_one(".cloze-passage"))
        assert "[1:2020 ✔]" in passage and "[2:fifth ✔]" in passage
        assert '"[4:Everything but Arms ✔]"' in passage
        rows = [_text(row) for row in feedback.query(".cloze-blank .gutter")]
        assert rows == [" 1 ✔ 1/1", " 2 ✔ 1/1", " 3 ✔ 2/2", " 4 ✔ 1/1"]
        assert "Expected" not in " ".join(_text(s) for s in feedback.query(".label"))
    answer = app.attempt.answers[0]
    assert answer.response == {
        "year": "2020",
        "part": "fifth",
        "value": "5.8",
        "scheme": "Everything but Arms",
    }
    assert answer.verdict.correct and answer.verdict.score == 5


@journey
async def test_a_cloze_answered_partly_shows_the_credit_and_what_was_expected(
    store: Store, clock: FakeClock
) -> None:
    """Two blanks right, one wrong, one empty: enter on the last asks once about the empty
    blank and submits on the second; `◐ Partly correct · 3/5`, the wrong blank with its expected
    answer and the teacher's note on it, the empty one `left empty` with its answer."""
    app = _eba(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press(*cloze_keys(_question(app), PARTLY), "enter")
        status = _text(screen.query_one("#status"))
        assert "blank 4 empty" in status and "Enter again" in status
        assert not app.attempt.answers
        await pilot.press("enter")
        feedback = await wait_for(pilot, FeedbackScreen)
        verdict = feedback.query_one(".verdict")
        assert verdict.has_class("-partial") and "3/5 points" in _text(verdict)
        panel = feedback.query_one(ClozeFeedback)
        passage = _text(panel.query_one(".cloze-passage"))
        assert "[2:half ✘]" in passage and "[3:5,800 million ✔]" in passage
        assert "[4:______ –]" in passage
        rows = [
            (_text(row.query_one(".gutter")), _text(row.query_one(".label")))
            for row in panel.query(".cloze-blank")
        ]
        assert rows[0] == (" 1 ✔ 1/1", "2020")
        assert rows[1] == (" 2 ✘ 0/1", "half\nExpected: fifth\nA fifth, not all of them.")
        assert rows[2] == (" 3 ✔ 2/2", "5,800 million\nRead 5,800 million as 5.8 billion USD")
        assert rows[3][0] == " 4 – 0/1"
        assert rows[3][1] == "left empty\nExpected: Everything but Arms"
    answer = app.attempt.answers[0]
    assert answer.response == {"year": "2020", "part": "half", "value": "5,800 million"}
    assert answer.verdict.status == "partial" and answer.verdict.score == 3


@journey
async def test_a_cloze_answered_wrong_scores_nothing(store: Store, clock: FakeClock) -> None:
    """Every blank wrong: `✘ Wrong · 0/5`, every blank with what was expected."""
    app = _eba(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*wrong_keys(app.attempt.current))  # type: ignore[union-attr]
        feedback = await wait_for(pilot, FeedbackScreen)
        assert feedback.query_one(".verdict").has_class("-wrong")
        labels = [_text(label) for label in feedback.query(".cloze-blank .label")]
        assert len(labels) == 4 and all("Expected: " in label for label in labels)
    assert app.attempt.answers[0].verdict.score == 0


@journey
async def test_tab_moves_between_blanks_and_the_passage_follows_the_typing(
    store: Store, clock: FakeClock
) -> None:
    """tab and shift+tab step through the blanks; what is typed shows in the passage's marker
    at once; enter on an empty dropdown opens it, and a letter jumps to a choice holding it."""
    app = _eba(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        cloze = screen.query_one(ClozeAnswer)
        passage = cloze.query_one("#passage")
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, BlankInput) and app.focused.blank == "value"
        await pilot.press("shift+tab")
        assert isinstance(app.focused, BlankSelect)
        await pilot.press("shift+tab", *typed("20 20"))
        assert "[1:20 20]" in _text(passage)
        await pilot.press("tab", "t", "enter")
        select = cloze.query_one(BlankSelect)
        assert select.value == "tenth" and "[2:tenth]" in _text(passage)
        assert app.focused is select and not app.attempt.answers
        await pilot.press("enter")
        assert isinstance(app.focused, BlankInput) and app.focused.blank == "value"


def _marked(app: CaseQuizApp) -> tuple[list[str], list[str]]:
    """What shows which blank is being answered, as drawn: the passage's markers in reverse
    video (the runs of its content's reversed spans) and the list's numbers whose digits the
    screen draws in the accent colour."""
    cloze = app.screen.query_one(ClozeAnswer)
    content = cloze.query_one("#passage", Static).content
    assert isinstance(content, Content)
    reversed_at = sorted(
        {i for span in content.spans if "reverse" in str(span.style) for i in range(*span[:2])}
    )
    markers: list[str] = []
    for i in reversed_at:
        if markers and i - 1 in reversed_at:
            markers[-1] += content.plain[i]
        else:
            markers.append(content.plain[i])
    accent = Color.parse(app.get_css_variables()["text-accent"]).rgb
    numbers = []
    for number in cloze.query(".number"):
        region = number.content_region  # ` 2`: the digit is the second cell
        color = app.screen.get_style_at(region.x + 1, region.y).color
        if color is not None and tuple(color.get_truecolor()) == accent:
            numbers.append(str(number.render()).strip())
    return markers, numbers


@journey
async def test_the_blank_marked_is_the_one_with_the_focus(store: Store, clock: FakeClock) -> None:
    """However the focus moves (tab, shift+tab, enter, a dropdown's list opened and closed, a
    click), the passage marks that blank's marker alone and the list that blank's number alone;
    with the focus out of the blanks (escape), none."""
    app = _eba(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        cloze = screen.query_one(ClozeAnswer)
        assert _marked(app) == (["[1:______]"], ["1"])
        steps: list[tuple[str | int, str]] = [
            ("tab", "2"),
            ("tab", "3"),
            ("shift+tab", "2"),
            ("enter", "2"),  # an empty dropdown: enter opens its list, which takes the focus
            ("escape", "2"),
            (3, "4"),  # a click in the fourth box
            (0, "1"),
            ("enter", "2"),
        ]
        for step, number in steps:
            if isinstance(step, int):
                await pilot.click(cloze.fields[step])
            else:
                await pilot.press(step)
            await pilot.pause()
            assert _marked(app) == ([f"[{number}:______]"], [number]), step
        assert isinstance(app.focused, BlankSelect)
        await pilot.press("tab", "escape")
        await pilot.pause()
        assert app.focused is None and _marked(app) == ([], [])


@journey
async def test_a_number_that_does_not_read_is_sent_back_to_its_blank(
    store: Store, clock: FakeClock
) -> None:
    """`about six` in the figure's box: nothing is recorded, the line under the question names
    the blank, and the focus goes back to it."""
    app = _eba(store, clock)
    answers = {**PARTLY, "value": "about six", "scheme": "EBA"}
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press(*cloze_keys(_question(app), answers), "enter")
        await until(pilot, lambda: "blank 3" in _text(screen.query_one("#status")))
        assert isinstance(app.focused, BlankInput) and app.focused.blank == "value"
        assert not app.attempt.answers


@journey
async def test_hint_flag_and_skip_work_from_inside_a_blank(store: Store, clock: FakeClock) -> None:
    """In a box, ctrl+g shows the hint, ctrl+f flags and pagedown skips (letters type)."""
    attempt = _eba_first(store, clock)
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press("h", "m", "s")
        assert screen.query_one(BlankInput).value == "hms"
        await pilot.press("ctrl+g")
        assert screen.query_one("#hint").display
        await pilot.press("ctrl+f")
        assert attempt.flags == {attempt.position}
        before = attempt.position
        await pilot.press("pagedown")
        await until(pilot, lambda: attempt.position != before)
        assert not attempt.answers


@journey
async def test_an_exam_cloze_is_kept_resumed_and_reviewed_blank_by_blank(
    store: Store, clock: FakeClock
) -> None:
    """An exam: the cloze answered partly (committed at once) and the attempt quit; resumed,
    the blanks hold the answers; finished, the review shows each blank's result."""
    attempt = _eba_first(store, clock, mode=Mode.EXAM)
    eba = attempt.position
    app = app_on(attempt, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press(*cloze_keys(_question(app), PARTLY), "enter", "enter")
        await until(pilot, lambda: attempt.position != eba)
        await pilot.press("ctrl+q")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
    record = store.unfinished()[0]
    assert [answer.response for answer in record.answers] == [PARTLY]

    again = Attempt.resume(record, load_banks([CLOZE]), log=store, clock=clock)
    async with app_on(again, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        screen.attempt.go(eba)
        await screen.show_current()
        await pilot.pause()
        cloze = screen.query_one(ClozeAnswer)
        assert cloze.values() == {**PARTLY, "scheme": ""}
        assert "[2:half]" in _text(cloze.query_one("#passage"))
        assert "Answered" in _text(screen.query_one("#status"))
        await pilot.press("escape", "e")  # out of the box first, or `e` is typed
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("y")
        results = await wait_for(pilot, ResultsScreen)
        assert "Score 3 / 9" in _text(results.query_one("#score"))
        await pilot.press(*["down"] * eba, "enter")
        review = await wait_for(pilot, FeedbackScreen)
        assert "[2:half ✘]" in _text(review.query_one(".cloze-passage"))
        await pilot.press("escape", "home", *["down"] * (1 - eba), "enter")
        unanswered = await wait_for(pilot, FeedbackScreen)
        passage = _text(unanswered.query_one(".cloze-passage"))
        assert "[1:Phnom Penh]" in passage and "[3:garments]" in passage
        labels = [_text(label) for label in unanswered.query(".cloze-blank .label")]
        assert labels[1] == "Expected: 45 %"


@journey
async def test_bank_text_in_a_cloze_is_shown_as_typed(store: Store, clock: FakeClock) -> None:
    """`[bold]not[/]` in the passage and `[red]rice[/]` among a dropdown's choices are text."""
    attempt = start(store, clock, [CLOZE], question_ids=["cloze:long"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        cloze = screen.query_one(ClozeAnswer)
        assert "exports garments, [bold]not[/] [4:______]." in _text(cloze.query_one("#passage"))
        await pilot.press("tab", "tab", "enter", "down", "down")
        overlay = cloze.query_one("SelectOverlay")
        prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(1, 4)]  # type: ignore[attr-defined]
        assert prompts == ["garments", "[red]rice[/]", "arms"]
        await pilot.press("enter")
        assert "[3:[red]rice[/]]" in _text(cloze.query_one("#passage"))


@journey
async def test_a_long_passage_scrolls_and_every_blank_is_reachable(
    store: Store, clock: FakeClock
) -> None:
    """The long passage and its blanks are taller than the screen (80x19 here): the question
    scrolls, and tab or shift+tab to a blank brings it into view with its marker."""
    attempt = start(store, clock, [CLOZE], question_ids=["cloze:long"])
    async with app_on(attempt, store, clock).run_test(size=(80, 19)) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        body = screen.query_one("#body")
        assert body.virtual_size.height > body.size.height
        cloze = screen.query_one(ClozeAnswer)
        passage = cloze.query_one("#passage")
        steps = [("2", "tab"), ("3", "tab"), ("4", "tab"), ("3", "shift+tab"), ("2", "shift+tab")]
        for name, key in [*steps, ("1", "shift+tab")]:
            await pilot.press(key)
            await pilot.pause()
            assert app_focused_blank(pilot) == name
            field = pilot.app.focused
            assert body.scrollable_content_region.contains_region(field.region)
            content = cloze._passage()
            line = line_of(content, passage.content_region.width, cloze._offsets[name])
            assert line is not None
            marker_y = passage.content_region.y + line
            assert body.scrollable_content_region.y <= marker_y < field.region.y


def app_focused_blank(pilot: Any) -> str | None:
    return getattr(pilot.app.focused, "blank", None)


@journey
async def test_the_blanks_stand_beside_the_passage_in_a_wide_terminal(
    store: Store, clock: FakeClock
) -> None:
    """At 120x40 the list of blanks is to the right of the passage; at 80 columns, below it."""
    for size, wide in [((120, 40), True), (SIZE, False)]:
        async with _eba(store, clock).run_test(size=size) as pilot:
            screen = await wait_for(pilot, QuestionScreen)
            cloze = screen.query_one(ClozeAnswer)
            passage, blanks = cloze.query_one("#passage"), cloze.query_one("#blanks")
            assert cloze.has_class("-wide") is wide
            if wide:
                assert blanks.region.x >= passage.region.right
            else:
                assert blanks.region.y >= passage.region.bottom


@journey
async def test_a_cloze_in_study_goes_blank_by_blank_and_is_rated(
    store: Store, clock: FakeClock
) -> None:
    """Study: enter goes on from blank to blank (never submitting early), the last submits;
    the feedback shows each blank and the rating suggested for a partial answer."""
    session = StudySession.start(
        load_banks([CLOZE], use_cache=False),
        student="Ada",
        log=CardStore(store),
        clock=clock,
        scheduler=Scheduler(enable_fuzzing=False),
        learn_ahead=timedelta(0),
        seed=1,
    )
    while session.current is not None and session.current.question.id != "eba":
        session.skip()
    assert session.current is not None
    question = session.current.question
    assert isinstance(question, ClozeQuestion)
    app = StudyApp(session, store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, StudyScreen)
        await pilot.press(*cloze_keys(question, {**PARTLY, "scheme": "EBA"})[:-1])
        assert isinstance(app.focused, BlankInput) and app.focused.blank == "scheme"
        assert not session.answered
        await pilot.press("A", "enter")
        feedback = await wait_for(pilot, StudyFeedbackScreen)
        assert "4/5 points" in _text(feedback.query_one(".verdict"))
        assert "[4:EBA ✔]" in _text(feedback.query_one(".cloze-passage"))
        assert "suggested Hard (partly right)" in _text(feedback.query_one("#rating"))


def test_the_line_of_a_marker_in_the_wrapped_passage() -> None:
    """The line that holds a character of the wrapped passage, whatever the same characters
    stand elsewhere (a `[2:` typed into blank 1 is not blank 2's marker)."""
    passage = Content("one [1:[2:] two three four [2:______] five")
    marker = passage.plain.rindex("[2:")
    assert [line.plain for line in passage.wrap(12)][3] == "[2:______]"
    assert line_of(passage, 12, marker) == 3
    assert line_of(passage, 12, 4) == 0
    assert line_of(passage, 200, marker) == 0
    assert line_of(passage, 12, len(passage.plain)) is None
    assert line_of(passage, 0, 1) is None
