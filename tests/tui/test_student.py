"""Pilot journeys for what a student meets at 80x24: every key does what the footer, the help
and docs/tui.md say, and nothing needed is cut off or out of reach.

Each test presses the keys a student would and checks what the screen then shows (and, where it
matters, what the store holds).
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input, OptionList, RadioButton, Static
from tui_support import TUI, VALID, FakeClock, app_on, journey, right_keys, start, until, wait_for

from casequiz.quiz.attempt import Mode
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp
from casequiz.tui.screens.confirm import ConfirmScreen
from casequiz.tui.screens.feedback import FeedbackScreen
from casequiz.tui.screens.history import HistoryScreen
from casequiz.tui.screens.home import HomeScreen
from casequiz.tui.screens.question import QuestionScreen
from casequiz.tui.screens.results import ResultsScreen
from casequiz.tui.screens.studymenu import StudyMenuScreen
from casequiz.tui.widgets.choices import ChoiceList
from casequiz.tui.widgets.matching import ChoiceLegend, PairRows
from casequiz.tui.widgets.pathtext import PathText
from casequiz.tui.widgets.questionview import QuestionView
from casequiz.tui.widgets.topicbars import TopicBars

SIZE = (80, 24)
STUDENT = TUI / "student.yaml"


def _home(store: Store, clock: FakeClock, paths: list[Path], **options: object) -> CaseQuizApp:
    settings: dict[str, object] = {"student": "Ada", **options}
    return CaseQuizApp(
        store=store,
        bank_paths=paths,
        seed=1,
        clock=clock,
        cursor_blink=False,
        **settings,  # type: ignore[arg-type]
    )


def _footer(pilot: object) -> str:
    """The keys the footer offers, as `key:description` pairs."""
    app = pilot.app  # type: ignore[attr-defined]
    return " ".join(
        f"{b.key}:{b.description}"
        for (_, b, enabled, _) in app.screen.active_bindings.values()
        if b.show and enabled
    )


def _on_screen(widget: object) -> bool:
    """The widget is drawn inside the screen, whole."""
    region = widget.region  # type: ignore[attr-defined]
    screen = widget.screen.region  # type: ignore[attr-defined]
    return region.height > 0 and screen.contains_region(region)


# -- home -------------------------------------------------------------------------------------


@journey
async def test_arrows_on_the_mode_switch_choose_the_exam_and_start_it(
    store: Store, clock: FakeClock
) -> None:
    """Tab to the mode switch, →: Exam is chosen, Minutes can be typed in (tab reaches it),
    and Start opens an exam with that time limit."""
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        await pilot.press("tab", "tab")
        assert home.focused is home.query_one("#mode")
        await pilot.press("right")
        assert home.query_one("#exam", RadioButton).value
        minutes = home.query_one("#minutes", Input)
        assert not minutes.disabled
        await pilot.press("tab", "tab", "tab")
        assert home.focused is minutes
        await pilot.press("5", "ctrl+s")
        screen = await wait_for(pilot, QuestionScreen)
        assert screen.attempt.mode is Mode.EXAM and screen.attempt.time_limit == 300
        assert "Exam" in str(screen.query_one("#standing").content)


@journey
async def test_left_goes_back_to_practice(store: Store, clock: FakeClock) -> None:
    """→ then ←: Practice again, Minutes closed."""
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        home.query_one("#mode").focus()
        await pilot.press("right", "left")
        assert home.query_one("#practice", RadioButton).value
        assert home.query_one("#minutes", Input).disabled


@journey
async def test_the_notice_and_the_unfinished_list_both_show_with_the_bank_name(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """A bank that does not load and an unfinished attempt: the notice and the Unfinished
    list are both on screen, and the attempt's row names its bank."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("casequiz: 1\nid: broken\ntitle: [oops\n", "utf-8")
    start(store, clock, [VALID])
    async with _home(store, clock, [VALID, broken]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        status, listing = home.query_one("#status", Static), home.query_one("#unfinished")
        assert "Not loaded" in str(status.content) and _on_screen(status)
        assert _on_screen(listing) and listing.region.height >= 4
        assert "One question of each type" in str(listing.get_option_at_index(0).prompt)


@journey
async def test_ctrl_r_passes_over_an_attempt_whose_bank_is_gone(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """As `casequiz resume`: the latest attempt cannot go on (its bank file was deleted), so
    ctrl+r continues the one before it and names the one passed over."""
    kept = start(store, clock, [VALID])
    clock.now += timedelta(minutes=5)
    gone = tmp_path / "gone"
    shutil.copytree(VALID, gone)
    start(store, clock, [gone])
    shutil.rmtree(gone)
    async with _home(store, clock, [VALID]).run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, HomeScreen)
        await pilot.press("ctrl+r")
        screen = await wait_for(pilot, QuestionScreen)
        assert screen.attempt.id == kept.id
        await pilot.pause()
        shown = [str(toast.render()) for toast in screen.query("Toast")]  # on the new screen
        assert len(shown) == 1
        assert shown[0].startswith("Passed over ") and "09:05: cannot read the file" in shown[0]


@journey
async def test_the_notice_ends_one_sentence_with_one_mark(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """A problem that ends in a question ("did you mean ...?") is not given a full stop too."""
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        "casequiz: 1\nid: typo\ntitle: Typo\ndescripton: x\nquestions:\n  - id: q1\n"
        "    type: single\n    prompt: P?\n    options: [a, b]\n    answer: a\n",
        "utf-8",
    )
    async with _home(store, clock, [VALID, typo]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        shown = str(home.query_one("#status", Static).content)
        assert shown.endswith("did you mean 'description'? Run `casequiz validate` on it.")


@journey
async def test_study_opens_with_the_banks_ticked_on_home(store: Store, clock: FakeClock) -> None:
    """Two banks, only the second ticked, ctrl+l: the study menu ticks only that one."""
    async with _home(store, clock, [VALID, STUDENT]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        await pilot.press("1", "2")  # untick the first, tick the second
        assert home.query_one("#banks", ChoiceList).ticked == {1}
        await pilot.press("ctrl+l")
        menu = await wait_for(pilot, StudyMenuScreen)
        assert menu.query_one("#study-banks", ChoiceList).ticked == {1}


@journey
async def test_the_name_is_remembered_for_the_next_session(store: Store, clock: FakeClock) -> None:
    """Bea starts a practice; the next time the home screen opens, the name box says Bea."""
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        home.query_one("#student", Input).value = "Bea"
        await pilot.press("ctrl+s")
        await wait_for(pilot, QuestionScreen)
    async with _home(store, clock, [VALID], student=None).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        assert home.query_one("#student", Input).value == "Bea"


@journey
async def test_a_count_below_one_is_refused_without_naming_a_flag(
    store: Store, clock: FakeClock
) -> None:
    """Questions = -3, ctrl+s: the line under the screen names the box, not `--count`."""
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        home.query_one("#count", Input).value = "-3"
        await pilot.press("ctrl+s")
        status = str(home.query_one("#status", Static).content)
        assert "Questions must be at least 1" in status and "--" not in status
        assert isinstance(pilot.app.screen, HomeScreen)


@journey
async def test_quitting_an_exam_started_from_home_returns_home(
    store: Store, clock: FakeClock
) -> None:
    """An exam from home, ctrl+q, y: the home screen, the exam under Unfinished."""
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        home.query_one("#exam", RadioButton).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, QuestionScreen)
        await pilot.press("ctrl+q")
        dialog = await wait_for(pilot, ConfirmScreen)
        assert "home screen" in str(dialog.query_one("#detail", Static).content)
        await pilot.press("y")
        home = await wait_for(pilot, HomeScreen)
        assert pilot.app.is_running
        assert " exam " in str(home.query_one("#unfinished").get_option_at_index(0).prompt)


# -- the command palette ----------------------------------------------------------------------


@journey
async def test_the_palette_offers_the_app_s_commands_and_no_keys_panel(
    store: Store, clock: FakeClock
) -> None:
    """ctrl+p on home: Practice/Exam on each bank, Resume, History, Study, Help, Switch theme,
    and no "Keys" panel; running "Exam: …" starts an exam on that bank."""
    app = _home(store, clock, [VALID])
    async with app.run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        titles = [command.title for command in app.get_system_commands(home)]
        for wanted in (
            "Practice: One question of each type",
            "Exam: One question of each type",
            "Resume",
            "History",
            "Study",
            "Help",
            "Switch theme",
        ):
            assert wanted in titles
        assert "Keys" not in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Exam: One")
        await pilot.pause(0.3)
        await pilot.press("enter")
        screen = await wait_for(pilot, QuestionScreen)
        assert screen.attempt.mode is Mode.EXAM


# -- the question screen ----------------------------------------------------------------------


def _on(store: Store, clock: FakeClock, question: str, **options: object) -> CaseQuizApp:
    attempt = start(store, clock, [STUDENT], question_ids=[f"student:{question}"], **options)  # type: ignore[arg-type]
    return app_on(attempt, store, clock)


@journey
async def test_a_hint_is_announced_and_ctrl_g_shows_it_from_the_text_box(
    store: Store, clock: FakeClock
) -> None:
    """A numeric question with a hint: `Hint available` shows, the footer lists ctrl+g; in
    the box `h` types an h, and ctrl+g shows the hint."""
    async with _on(store, clock, "year").run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        assert screen.query_one("#hint-offer").display
        assert not screen.query_one("#hint").display
        assert "ctrl+g:Hint" in _footer(pilot)
        await pilot.press("h")
        assert screen.query_one("#typed", Input).value == "h"
        await pilot.press("ctrl+g")
        assert screen.query_one("#hint").display
        assert not screen.query_one("#hint-offer").display


@journey
async def test_no_hint_key_on_a_question_without_one(store: Store, clock: FakeClock) -> None:
    """A question without a hint: neither the offer nor the key in the footer."""
    async with _on(store, clock, "parts").run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        assert not screen.query("#hint-offer")
        assert "Hint" not in _footer(pilot)


@journey
async def test_t_and_f_answer_true_or_false_and_m_flags(store: Store, clock: FakeClock) -> None:
    """t chooses True, f chooses False (and does not flag), m flags; Enter scores False."""
    app = _on(store, clock, "capable")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        attempt = screen.attempt
        await pilot.press("t")
        assert screen.answer_widget.highlighted == 0  # type: ignore[attr-defined]
        await pilot.press("f")
        assert screen.answer_widget.highlighted == 1  # type: ignore[attr-defined]
        assert attempt.flags == set()
        await pilot.press("m")
        assert attempt.flags == {0}
        assert "flagged" in str(screen.query_one("#standing").content)
        await pilot.press("enter")
        feedback = await wait_for(pilot, FeedbackScreen)
        lines = str(feedback.query_one(".lines", Static).content)
        assert "Your answer: False" in lines
    assert attempt.answers[0].response is False and attempt.answers[0].verdict.correct


@journey
async def test_true_false_feedback_writes_true_and_false_alike(
    store: Store, clock: FakeClock
) -> None:
    """A wrong true/false answer: `Your answer: True` and `Expected: False`, capitalised alike;
    the excerpt that has its own quotation marks gets no second pair."""
    async with _on(store, clock, "capable").run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press("1", "enter")
        feedback = await wait_for(pilot, FeedbackScreen)
        lines = str(feedback.query_one(".lines", Static).content)
        assert "Your answer: True" in lines and "Expected: False" in lines
        quote = str(feedback.query_one(".excerpt", Static).content)
        assert "“Cambodia exports" in quote and "““" not in quote and "””" not in quote


@journey
async def test_several_answers_are_joined_alike(store: Store, clock: FakeClock) -> None:
    """Ticking Mars and EU: the answer and the expected answer both use `, `."""
    app = _on(store, clock, "parts")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        shown = screen.attempt.current.choices()
        await pilot.press(str(shown.index("Mars") + 1), str(shown.index("EU") + 1), "enter")
        feedback = await wait_for(pilot, FeedbackScreen)
        lines = str(feedback.query_one(".lines", Static).content)
        answer = ", ".join(c for c in shown if c in ("Mars", "EU"))
        assert f"Your answer: {answer}" in lines and "Expected: EU, Cambodia" in lines


@journey
async def test_every_choice_of_a_long_match_is_in_reach_of_the_arrows(
    store: Store, clock: FakeClock
) -> None:
    """A match with 7 choices at 80x24: ↓ past the last row scrolls the question until the
    7th choice is on screen, without tab."""
    async with _on(store, clock, "parties").run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        legend = screen.query_one(ChoiceLegend)
        last = legend.rows[-1]
        for _ in range(8):
            if (
                _on_screen(last)
                and last.region.bottom <= screen.query_one(QuestionView).region.bottom
            ):
                break
            await pilot.press("down")
        assert last.region.bottom <= screen.query_one(QuestionView).region.bottom
        assert _on_screen(last)
        await pilot.press("7")  # the row under the cursor gets the 7th choice
        rows = screen.query_one("PairRows")
        assert 6 in rows.given.values()  # type: ignore[attr-defined]


@journey
async def test_a_tall_match_keeps_the_top_of_the_question_in_view(
    store: Store, clock: FakeClock
) -> None:
    """Seven rows under a long prompt at 80x24, the list's bottom edge below the view: the
    question opens at its top (topic and instructions in view) with the first row in view, and
    stays there while ↓ moves through the rows that fit; ↓ onto the last row scrolls only until
    that row shows, and tab away and back again does not scroll."""
    attempt = start(store, clock, [TUI / "match.yaml"])
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.wait_for_scheduled_animations()
        body = screen.query_one(QuestionView)
        rows = screen.query_one(PairRows)
        view = body.scrollable_content_region

        def in_view(widget: Widget) -> bool:
            return view.contains_region(widget.region)

        assert body.scroll_y == 0 and in_view(screen.query_one("#meta"))
        assert in_view(rows.rows[0])
        assert not in_view(rows)  # what made Textual centre the list as it took the focus
        for row in rows.rows[1:-1]:
            await pilot.press("down")
            await pilot.wait_for_scheduled_animations()
            assert in_view(row) and body.scroll_y == 0
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        last = rows.rows[-1]
        assert rows.highlighted == len(rows.rows) - 1
        assert in_view(last) and last.region.bottom == view.bottom and body.scroll_y == 1
        await pilot.press("tab")
        assert screen.focused is not rows
        await pilot.press("shift+tab")
        await pilot.wait_for_scheduled_animations()
        assert screen.focused is rows and body.scroll_y == 1


# -- feedback, results, history ---------------------------------------------------------------


@journey
async def test_o_without_source_texts_says_so(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """A bank whose sources have no text file: `o` on the feedback says the text is not here."""
    text = STUDENT.read_text("utf-8").replace("    file: memo.txt\n", "")
    (tmp_path / "student.yaml").write_text(text, "utf-8")
    attempt = start(store, clock, [tmp_path / "student.yaml"], question_ids=["student:parts"])
    app = app_on(attempt, store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, QuestionScreen)
        await pilot.press("1", "enter")
        await wait_for(pilot, FeedbackScreen)
        assert "o:Source text" in _footer(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert any("not here" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, FeedbackScreen)


@journey
async def test_flags_show_in_the_end_confirmation_and_the_results(
    store: Store, clock: FakeClock
) -> None:
    """An exam of 2, the first flagged and answered, e: `1 flagged, 1 unanswered`; the results
    say `⚑ 1 flagged` and mark the question; topic names are whole; the file path is whole."""
    attempt = start(
        store, clock, [STUDENT], mode=Mode.EXAM, question_ids=["student:capable", "student:year"]
    )
    async with app_on(attempt, store, clock).run_test(size=SIZE) as pilot:
        screen = await wait_for(pilot, QuestionScreen)
        await pilot.press("m")
        await pilot.press(*right_keys(attempt.current))
        await until(pilot, lambda: attempt.position == 1)
        screen.set_focus(None)
        await pilot.press("e")
        dialog = await wait_for(pilot, ConfirmScreen)
        assert "1 flagged, 1 unanswered" in str(dialog.query_one("#detail", Static).content)
        await pilot.press("y")
        results = await wait_for(pilot, ResultsScreen)
        assert "⚑ 1 flagged" in str(results.query_one("#score", Static).content)
        first = str(results.query_one("#questions", OptionList).get_option_at_index(0).prompt)
        assert "⚑" in first
        bars = str(results.query_one(TopicBars).render())
        assert "Chronology of the political and economic relationship" in bars
        path = results.query_one("#result-file", PathText)
        assert str(path.render()).replace("\n", "") == str(results.outcome.result_file)


@journey
async def test_history_lists_past_attempts_and_opens_the_review(
    store: Store, clock: FakeClock
) -> None:
    """A finished exam; on home ctrl+o: History lists it with its mode and score; enter opens
    its results; enter on a question its feedback; escape back to the history."""
    attempt = start(store, clock, [STUDENT], mode=Mode.EXAM, question_ids=["student:capable"])
    attempt.answer(False)
    attempt.finish()
    async with _home(store, clock, [STUDENT]).run_test(size=SIZE) as pilot:
        await wait_for(pilot, HomeScreen)
        await pilot.press("ctrl+o")
        history = await wait_for(pilot, HistoryScreen)
        row = str(history.query_one("#history", OptionList).get_option_at_index(0).prompt)
        assert "exam · 1/1 (100%)" in row and "Cambodia's trade with the EU" in row
        await pilot.press("enter")
        results = await wait_for(pilot, ResultsScreen)
        assert "2025-01-06 09:00" in str(results.query_one("#title", Static).content)
        await pilot.press("enter")
        feedback = await wait_for(pilot, FeedbackScreen)
        assert "Expected: False" in str(feedback.query_one(".lines", Static).content)
        await pilot.press("escape")
        await wait_for(pilot, ResultsScreen)
        await pilot.press("escape")
        await wait_for(pilot, HistoryScreen)
        await pilot.press("escape")
        await wait_for(pilot, HomeScreen)


@journey
async def test_home_does_not_flash_between_the_end_of_an_exam_and_its_results(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exam from home, e, y: the results take the question's place; home is not shown (not
    even for a frame) until the student leaves the results."""
    shown: list[str] = []
    real = HomeScreen.on_screen_resume

    def recorded(self: HomeScreen) -> None:
        shown.append("home")
        real(self)

    monkeypatch.setattr(HomeScreen, "on_screen_resume", recorded)
    async with _home(store, clock, [VALID]).run_test(size=SIZE) as pilot:
        home = await wait_for(pilot, HomeScreen)
        home.query_one("#exam", RadioButton).value = True
        await pilot.press("ctrl+s")
        screen = await wait_for(pilot, QuestionScreen)
        assert shown == ["home"]
        screen.set_focus(None)
        await pilot.press("e")
        await wait_for(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_for(pilot, ResultsScreen)
        await pilot.pause()
        assert shown == ["home"]
        assert [type(s) for s in pilot.app.screen_stack[1:]] == [HomeScreen, ResultsScreen]
        await pilot.press("h")
        await wait_for(pilot, HomeScreen)
        assert shown == ["home", "home"]
