"""Pictures of the screens at 80x24, compared with the approved SVGs in `__snapshots__/`.

Stable by construction: a fixed seed, student and clock, no cursor blink, and the app driven to
the picture with keys before it is taken. Each docstring says what the picture must show; update
with `pytest tests/tui --snapshot-update` only after looking at the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_support import TUI, VALID, FakeClock, app_on, cloze_keys, right_keys, start, wrong_keys

from casequiz.quiz.attempt import Mode
from casequiz.store.db import Store
from casequiz.tui.app import CaseQuizApp

QUESTION = {
    "single": "capital",
    "multiple": "eba-parts",
    "true_false": "withdrawn",
    "numeric": "exports",
    "short": "acronym",
    "order": "sequence",
    "match": "who",
}


def _on(store: Store, clock: FakeClock, question: str, **options: Any) -> CaseQuizApp:
    attempt = start(store, clock, [VALID], question_ids=[f"all-types:{question}"], **options)
    return app_on(attempt, store, clock)


def test_home(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """Home: the test bank ticked with its question count and topics, the three topics unticked
    with their counts, Practice chosen, the name Ada, the Study entry (0 due, 8 new), and one
    unfinished attempt of Ada's (practice, 0/8) offered to resume."""
    start(store, clock, [VALID])
    app = CaseQuizApp(
        store=store, bank_paths=[VALID], student="Ada", seed=1, clock=clock, cursor_blink=False
    )
    assert snap_compare(app)


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        pytest.param("single", ["2"], id="single"),
        pytest.param("multiple", ["1", "3"], id="multiple"),
        pytest.param("true_false", [], id="true_false"),
        pytest.param("numeric", ["5", ".", "8", "space", "b", "n"], id="numeric"),
        pytest.param("short", [], id="short"),
        pytest.param("order", ["down", "u"], id="order"),
        pytest.param("match", ["3"], id="match"),
    ],
)
def test_question(
    snap_compare: Any, store: Store, clock: FakeClock, kind: str, keys: list[str]
) -> None:
    """A question of each type under the header (bank title, `Question 1 of 1`, `Score 0/0`):
    single with option 2 chosen `(•)`; multiple with options 1 and 3 ticked `[x]`; true/false
    with nothing chosen; numeric with `5.8 bn` typed and `billion USD` beside the box; short
    with an empty box; order with the second item moved to the top; match with the first row
    given choice 3 and the cursor on the second row, the numbered choices listed below."""
    assert snap_compare(_on(store, clock, QUESTION[kind]), press=keys)


def test_feedback_on_a_wrong_answer(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """Feedback after choosing Siem Reap: `✘ Wrong · 0/1 point`, the answer given, `Expected:
    Phnom Penh`, the teacher's note on Siem Reap, the explanation, then the excerpt in quotes with
    `Phnom Penh` highlighted and its citation (title, Test Gazette, 2020-08); `o` is offered."""
    app = _on(store, clock, "capital")
    siem_reap = str(app.attempt.current.choices().index("Siem Reap") + 1)  # type: ignore[union-attr]
    assert snap_compare(app, press=[siem_reap, "enter"])


def test_feedback_with_a_reading(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """Feedback on `5,800 million` for 5.8 billion USD: correct, with the italic line `Read
    5,800 million as 5.8 billion USD`, and `$5.8 billion` highlighted in the excerpt."""
    keys = [*"5,800", "space", *"million", "enter"]
    assert snap_compare(_on(store, clock, "exports"), press=keys)


def test_results_of_a_practice(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """Results of a two-question practice, the first right and the second wrong: `Score 1 / 2 ·
    50%`, a bar per topic (Timeline full and green, Basics empty), the two questions with ✔ and
    ✘, and the footer offering `r` to retry the wrong one (no `h`: the app was started on the
    attempt, not on the home screen)."""
    attempt = start(
        store, clock, [VALID], question_ids=["all-types:capital", "all-types:withdrawn"]
    )
    app = app_on(attempt, store, clock)
    keys = [*right_keys(attempt.slots[0]), "enter", *wrong_keys(attempt.slots[1]), "enter"]
    assert snap_compare(app, press=keys)


def test_results_of_an_exam(
    snap_compare: Any, store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: Any
) -> None:
    """Results of a one-question exam answered right: `Score 1 / 1 · 100%`, the result file to
    hand in (`results/ada-all-types-20250106T090000-00000000.json`), and no retry offered."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", "results")
    attempt = start(store, clock, [VALID], mode=Mode.EXAM, question_ids=["all-types:withdrawn"])
    attempt.uid = "0" * 32
    assert snap_compare(app_on(attempt, store, clock), press=["1", "enter", "enter"])


def test_markup_in_a_bank_is_shown_as_typed(
    snap_compare: Any, store: Store, clock: FakeClock
) -> None:
    """The markup bank: the title, topic, prompt and options show `[bold]`, `[/]`, `[sic]` and
    `[i]Topic[/i]` as typed, and the escape sequences as the text `\\x1b[31m` and `\\x1b[2J`,
    with nothing bold, italic or red that the bank asked for."""
    attempt = start(store, clock, [TUI / "markup.yaml"])
    assert snap_compare(app_on(attempt, store, clock))


def test_light_theme(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """The multiple-choice question in the light theme, option 2 ticked: dark text on a light
    background, the focused list's cursor row still visible."""
    attempt = start(store, clock, [VALID], question_ids=["all-types:eba-parts"])
    app = app_on(attempt, store, clock, theme="textual-light")
    assert snap_compare(app, press=["2"])


def test_help(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """The help screen over a question: a box listing the Question keys first (enter, 1 … 9,
    space, ↑ / ↓, u / d …), scrollable to the other screens' keys."""
    assert snap_compare(_on(store, clock, "capital"), press=["f1"])


def test_quit_asks(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """q during an attempt: a dialog `Quit now?` saying every answer is saved and how to
    resume, with Quit (y) and Stay (n), Stay focused."""
    assert snap_compare(_on(store, clock, "capital"), press=["q"])


STUDENT = TUI / "student.yaml"


def test_home_with_a_notice_and_an_unfinished_attempt(
    snap_compare: Any, store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: Any
) -> None:
    """Home with a bank that does not load: the `Not loaded: …` notice at the bottom and, above
    it, the Unfinished list with Ada's practice, its bank's title on the first line and
    `Ada · practice · 0/8 · 01-06 09:00` on the second, both whole."""
    monkeypatch.chdir(tmp_path)
    broken = Path("broken.yaml")
    broken.write_text("casequiz: 1\nid: broken\ntitle: [oops\n", "utf-8")
    start(store, clock, [VALID])
    app = CaseQuizApp(
        store=store,
        bank_paths=[VALID, broken],
        student="Ada",
        seed=1,
        clock=clock,
        cursor_blink=False,
    )
    assert snap_compare(app)


def test_a_match_with_seven_choices(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """A match of four rows and seven choices after ↓ past the last row: the view scrolled so
    that all seven numbered choices are on screen, the first row given choice 2."""
    attempt = start(store, clock, [STUDENT], question_ids=["student:parties"])
    keys = ["2", "down", "down", "down", "down"]
    assert snap_compare(app_on(attempt, store, clock), press=keys)


def test_a_question_with_a_hint(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """A numeric question with a hint: `Hint available: press ctrl+g to see it.` above the
    box, and `^g Hint` in the footer."""
    attempt = start(store, clock, [STUDENT], question_ids=["student:year"])
    assert snap_compare(app_on(attempt, store, clock))


def test_the_hint_shown(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """The same question after ctrl+g: `Hint: The decision came the year the pandemic began.`
    in place of the offer."""
    attempt = start(store, clock, [STUDENT], question_ids=["student:year"])
    assert snap_compare(app_on(attempt, store, clock), press=["ctrl+g"])


def test_results_with_flags(
    snap_compare: Any, store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: Any
) -> None:
    """An exam of two, the first flagged and answered right, the second unanswered: `⚑ 1
    flagged` after the score, both long topic names whole beside their bars, the result file's
    path on a line of its own, and the first question marked ⚑ in the list."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", "results")
    attempt = start(
        store, clock, [STUDENT], mode=Mode.EXAM, question_ids=["student:capable", "student:year"]
    )
    attempt.uid = "0" * 32
    attempt.toggle_flag(0)
    attempt.answer(False)
    attempt.go(1)
    assert snap_compare(app_on(attempt, store, clock), press=["escape", "e", "y"])


def test_history(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """History for Ada after two finished attempts: the exam (1/1, 100%) above the practice
    (0/1, 0%), each with the date, the mode and its bank's title on a second line."""
    practice = start(store, clock, [STUDENT], question_ids=["student:capable"])
    practice.answer(True)
    practice.finish()
    clock.now = clock.now.replace(hour=10)
    exam = start(store, clock, [STUDENT], mode=Mode.EXAM, question_ids=["student:capable"])
    exam.answer(False)
    exam.finish()
    app = CaseQuizApp(
        store=store, bank_paths=[STUDENT], student="Ada", seed=1, clock=clock, cursor_blink=False
    )
    assert snap_compare(app, press=["ctrl+o"])


CLOZE = TUI / "cloze.yaml"
PARTLY = {"year": "2020", "part": "half", "value": "5,800 million"}


def _cloze(store: Store, clock: FakeClock) -> CaseQuizApp:
    attempt = start(store, clock, [CLOZE], question_ids=["cloze:eba"])
    return app_on(attempt, store, clock)


def test_a_cloze_before_answering(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """The EBA passage, nothing typed: `5 points` and the cloze instructions, the hint offered,
    the passage with the markers `[1:______]` … `[4:______]` (the first reversed: it has the
    focus), then the four blanks below it, each after the words before it in the passage: a
    box for the year, the dropdown `choose…` for the share, a box with `billion USD` beside it,
    a box for the scheme; the footer says `⏎ Next`."""
    assert snap_compare(_cloze(store, clock))


def test_a_cloze_filled_in(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """The same passage with three blanks filled and the focus on the last, empty one: the
    markers read `[1:2020]`, `[2:half]`, `$[3:5,800 million] billion`, the last, `[4:______]`,
    reversed and its number 4 alone lit in the list below, and the footer says `⏎ Submit`."""
    app = _cloze(store, clock)
    question = app.attempt.current.question  # type: ignore[union-attr]
    assert snap_compare(app, press=cloze_keys(question, PARTLY))  # type: ignore[arg-type]


def test_a_cloze_answered_partly(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """Feedback on that answer: `◐ Partly correct · 3/5 points`, the passage with `[1:2020 ✔]`,
    `[2:half ✘]`, `[3:5,800 million ✔]` and `[4:______ –]` in green, red and grey, then a line
    per blank: `1 ✔ 1/1 2020`; `2 ✘ 0/1 half`, `Expected: fifth` and the note `A fifth, not
    all of them.`; `3 ✔ 2/2` with the reading; `4 – 0/1 left empty`, `Expected: Everything but
    Arms`."""
    app = _cloze(store, clock)
    question = app.attempt.current.question  # type: ignore[union-attr]
    keys = [*cloze_keys(question, PARTLY), "enter", "enter"]  # type: ignore[arg-type]
    assert snap_compare(app, press=keys)


def test_a_cloze_in_a_wide_terminal(snap_compare: Any, store: Store, clock: FakeClock) -> None:
    """At 120x40 the blanks stand in a column to the right of the passage."""
    assert snap_compare(_cloze(store, clock), terminal_size=(120, 40))
