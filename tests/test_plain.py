"""Plain mode: a whole attempt line by line, as a screen reader, a pipe or a script takes it.

The session runs in-process on string streams against a real store, so each test reads what a
student would read and then checks what the store kept. One test pipes a real `casequiz exam`.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.plain.parse import letter
from casequiz.plain.render import wants_colour
from casequiz.plain.runner import PlainSession
from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection, Slot
from casequiz.store.db import Store

ENGINE = Path(__file__).parent / "data" / "engine"
_banks: dict[str, list[LoadedBank]] = {}


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every path casequiz writes to points into this test's own folder; no NO_COLOR leaks in."""
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "casequiz.db"))
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield tmp_path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "casequiz.db") as opened:
        yield opened


def banks(name: str = "mixed") -> list[LoadedBank]:
    if name not in _banks:
        _banks[name] = load_banks([ENGINE / f"{name}.yaml"])
    return _banks[name]


def start(
    store: Store | None, mode: Mode = Mode.PRACTICE, bank: str = "mixed", **selection: object
) -> Attempt:
    chosen = Selection(**{"seed": 5, **selection})  # type: ignore[arg-type]
    return Attempt.start(banks(bank), chosen, student="ann", mode=mode, log=store)


class Terminal(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def take(
    attempt: Attempt, *lines: str, out: io.StringIO | None = None, colour: bool | None = False
) -> str:
    """Run the attempt on these input lines (then the end of the input); what it printed."""
    out = out if out is not None else io.StringIO()
    PlainSession(attempt, io.StringIO("".join(f"{line}\n" for line in lines)), out, colour).run()
    return out.getvalue()


def right(slot: Slot) -> str:
    """What a student who knows the answer types, by the documented conventions."""
    question, choices = slot.question, slot.choices()
    if question.type == "single":
        return str(choices.index(question.answer) + 1)  # type: ignore[union-attr]
    if question.type == "multiple":
        return ",".join(str(choices.index(a) + 1) for a in question.answers)  # type: ignore[union-attr]
    if question.type == "true_false":
        return "t" if question.answer else "f"  # type: ignore[union-attr]
    if question.type == "numeric":
        return f"{question.answer:g}"  # type: ignore[union-attr]
    if question.type == "short":
        return question.answer  # type: ignore[union-attr,return-value]
    if question.type == "order":
        return " ".join(str(choices.index(i) + 1) for i in question.items)  # type: ignore[union-attr]
    pairs = question.pairs  # type: ignore[union-attr]
    return " ".join(f"{n}{letter(choices.index(pairs[left]))}" for n, left in enumerate(pairs, 1))


def wrong(slot: Slot) -> str:
    question = slot.question
    if question.type in ("single", "multiple"):
        options = question.options  # type: ignore[union-attr]
        answers = {question.answer} if question.type == "single" else set(question.answers)  # type: ignore[union-attr]
        return str(slot.choices().index(next(o for o in options if o not in answers)) + 1)
    if question.type == "true_false":
        return "f" if question.answer else "t"  # type: ignore[union-attr]
    if question.type in ("numeric", "short"):
        return "1234567"
    if question.type == "order":
        return " ".join(str(slot.choices().index(i) + 1) for i in reversed(question.items))  # type: ignore[union-attr]
    return "1c 2c"


def stored(store: Store, attempt: Attempt) -> dict[int, object]:
    record = store.attempt(attempt.id or 0)
    assert record is not None
    return {answer.slot: answer.response for answer in record.answers}


def question_block(output: str, number: int, total: int) -> str:
    """The lines that show question `number`, up to the input prompt."""
    start = output.index(f"Question {number} of {total}")
    return output[start : output.index("> ", start)]


# -- practice ---------------------------------------------------------------------------------


def test_practice_shows_the_verdict_explanation_and_excerpt_with_its_source(
    store: Store,
) -> None:
    attempt = start(store, count=3)
    slots = attempt.slots
    output = take(attempt, *(right(slot) for slot in slots), "n")
    assert output.count("Correct (") == 3
    assert "Wrong" not in output
    for slot in slots:
        for excerpt in slot.question.source:
            assert f"“{excerpt.quote}”" in " ".join(output.split())
    assert "— A report on the trade preferences, Engine Gazette, 2020-08" in output
    assert re.search(r"Score: \d+(\.\d+)? of \d+", output)
    assert len(stored(store, attempt)) == 3
    assert store.unfinished() == []


def test_practice_explains_a_wrong_answer_with_the_teachers_feedback(store: Store) -> None:
    attempt = Attempt.start(
        banks(),
        Selection(seed=1, question_ids=("engine-mixed:capital",)),
        student="ann",
        mode=Mode.PRACTICE,
        log=store,
    )
    siem_reap = attempt.current.choices().index("Siem Reap") + 1
    output = take(attempt, str(siem_reap), "n")
    assert "Wrong (0/1)" in output
    assert "Expected: Phnom Penh" in output
    assert "Siem Reap: Siem Reap is near Angkor, not the capital." in output
    assert "The report places the ministry in the capital." in output
    assert "“The Ministry of Commerce sits in Phnom Penh, the capital.”" in output
    assert "Retry the 1 question(s) you missed?" in output


def test_practice_offers_to_retry_the_wrong_ones(store: Store) -> None:
    attempt = start(store, count=2)
    first, second = attempt.slots
    output = take(attempt, wrong(first), right(second), "y", right(first), "n")
    assert "Retry the 1 question(s) you missed?" in output
    assert output.count("Question 1 of 1") == 1
    retried = [r for r in store.attempts() if r.id != attempt.id]
    assert len(retried) == 1 and retried[0].answers[0].question_id == first.question.id
    assert retried[0].answers[0].status == "correct"


# -- exam -------------------------------------------------------------------------------------


def test_exam_keeps_verdicts_for_the_review_and_writes_a_result_file(
    store: Store, env: Path
) -> None:
    attempt = start(store, Mode.EXAM, count=4)
    typed = [
        right(attempt.slots[0]),
        wrong(attempt.slots[1]),
        right(attempt.slots[2]),
        right(attempt.slots[3]),
    ]
    output = take(attempt, *typed)
    before_review = output[: output.index("Score:")]
    assert "Correct" not in before_review and "Wrong" not in before_review
    review = output[output.index("Review") :]
    assert review.count("Correct (") == 3 and review.count("Wrong (") == 1
    files = list((env / "results").glob("*.json"))
    assert len(files) == 1
    assert f"Result file to hand in: {files[0]}" in output
    record = resultfile.read(files[0])
    assert record.uid == attempt.uid and record.finished
    assert [a.slot for a in record.answers] == [0, 1, 2, 3]


def test_exam_asks_the_skipped_questions_again_at_the_end(store: Store) -> None:
    attempt = start(store, Mode.EXAM, count=3)
    first, second, third = attempt.slots
    output = take(attempt, "", right(second), right(third), "y", right(first))
    assert "You skipped 1 question(s). Answer them now?" in output
    assert output.count("Question 1 of 3") == 2
    assert len(stored(store, attempt)) == 3
    assert store.unfinished() == []


def test_exam_can_be_handed_in_with_questions_skipped(store: Store) -> None:
    attempt = start(store, Mode.EXAM, count=3)
    output = take(attempt, "", "", right(attempt.slots[2]), "n")
    assert "2 question(s) unanswered; they score zero." in output
    assert output.count("Not answered.") == 2
    assert store.unfinished() == []


# -- input ------------------------------------------------------------------------------------


def test_invalid_input_asks_again(store: Store) -> None:
    attempt = Attempt.start(
        banks(),
        Selection(seed=1, question_ids=("engine-mixed:capital",)),
        student="ann",
        mode=Mode.EXAM,
        log=store,
    )
    output = take(attempt, "9", "0", "Paris", "1,2", right(attempt.current))
    assert output.count("type the number of an option, 1 to 4") == 4
    assert len(re.findall(r"^> ", output, re.M)) == 5, "asked five times"
    assert len(stored(store, attempt)) == 1


def test_blank_line_skips_without_answering(store: Store) -> None:
    attempt = start(store, count=3)
    take(attempt, "", right(attempt.slots[1]), "q")
    assert stored(store, attempt).keys() == {1}


def test_q_saves_and_quits_resumably(store: Store) -> None:
    attempt = start(store, Mode.EXAM)
    output = take(attempt, right(attempt.slots[0]), wrong(attempt.slots[1]), "q", "never read")
    total = len(attempt.slots)
    assert (
        f"Saved: 2 of {total} answered. Continue later with: casequiz resume --student ann"
        in output
    )
    assert "Score:" not in output
    waiting = store.unfinished("ann")
    assert [r.id for r in waiting] == [attempt.id]
    assert waiting[0].position == 2
    assert len(waiting[0].answers) == 2


def test_the_end_of_the_input_saves_like_q(store: Store) -> None:
    attempt = start(store, Mode.EXAM)
    output = take(attempt, right(attempt.slots[0]))
    assert "Saved: 1 of" in output
    assert store.unfinished()[0].position == 1


def test_a_name_with_spaces_is_quoted_in_the_resume_hint(store: Store) -> None:
    attempt = Attempt.start(
        banks(), Selection(seed=1), student="Ann O'Neil", mode=Mode.EXAM, log=store
    )
    output = take(attempt, "q")
    assert "casequiz resume --student 'Ann O'\"'\"'Neil' --plain" in output


# -- resume -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
def test_resume_continues_at_the_same_question_in_the_same_order(store: Store, mode: Mode) -> None:
    attempt = start(store, mode)
    total = len(attempt.slots)
    first = take(attempt, right(attempt.slots[0]), "", wrong(attempt.slots[2]), "q")
    shown = question_block(first, 4, total)
    plan = [slot.to_plan() for slot in attempt.slots]
    del attempt

    with Store(store.path) as again:  # as a new process would
        record = again.unfinished("ann")[0]
        resumed = Attempt.resume(record, banks(), log=again)
        assert [slot.to_plan() for slot in resumed.slots] == plan
        second = take(resumed, "q")
    assert second.startswith(f"Resuming: 2 of {total} answered.")
    assert question_block(second, 4, total) == shown, "same question, same options, same order"


def test_resume_does_not_ask_again_what_was_answered_just_before_a_crash(store: Store) -> None:
    """A kill between committing an answer and showing the next question leaves the position
    on the answered question: resuming goes on from the next one."""
    attempt = start(store, Mode.PRACTICE, count=3)
    attempt.answer(attempt.slots[0].question.answer)  # type: ignore[union-attr]
    resumed = Attempt.resume(store.unfinished()[0], banks(), log=store)
    output = take(resumed, right(resumed.slots[1]), right(resumed.slots[2]), "n")
    assert "Question 1 of 3" not in output
    assert output.index("Question 2 of 3") < output.index("Question 3 of 3")
    assert store.unfinished() == []


def test_resume_after_the_time_ran_out_finishes_with_what_was_answered(store: Store) -> None:
    clock = SlowClock()
    attempt = Attempt.start(
        banks(),
        Selection(seed=2, count=3),
        student="ann",
        mode=Mode.EXAM,
        time_limit=600,
        log=store,
        clock=clock,
    )
    attempt.answer(True if attempt.current.question.type == "true_false" else "1")
    clock.now += timedelta(hours=1)  # put away, and taken up again an hour later
    resumed = Attempt.resume(store.unfinished()[0], banks(), log=store, clock=clock)
    output = take(resumed, "1", "1", "1")
    assert "The time limit ran out" in output
    assert "Question" not in output
    (record,) = store.attempts(finished=True)
    assert len(record.answers) == 1
    assert record.finished_at == (attempt.deadline or clock.now).isoformat(timespec="milliseconds")


# -- what reaches the terminal ----------------------------------------------------------------


def test_no_colour_when_the_output_is_not_a_terminal(store: Store) -> None:
    attempt = start(store, count=2)
    output = take(attempt, right(attempt.slots[0]), wrong(attempt.slots[1]), "n", colour=None)
    assert "\x1b" not in output


def test_colour_on_a_terminal_unless_no_color_is_set(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = start(store, count=1)
    painted = take(attempt, right(attempt.slots[0]), out=Terminal(), colour=None)
    assert "\x1b[32mCorrect" in painted

    monkeypatch.setenv("NO_COLOR", "1")
    attempt = start(store, count=1)
    plain = take(attempt, right(attempt.slots[0]), out=Terminal(), colour=None)
    assert "\x1b" not in plain
    assert "Correct (1/1)" in plain


@pytest.mark.parametrize("value", ["1", ""])
def test_no_color_set_to_anything_turns_colour_off(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("NO_COLOR", value)
    assert not wants_colour(Terminal())
    monkeypatch.delenv("NO_COLOR")
    assert wants_colour(Terminal())
    assert not wants_colour(io.StringIO())


HOSTILE_RAW = ("\x1b", "\x07", "\u202e")
HOSTILE_SHOWN = (
    "\\x1b[31mRED\\x1b[0m",
    "[bold]not bold[/bold]",
    "\\x07",
    "[red]plain[/red]",
    "\\x1b[2Jclear",
    "right\\u202eleft",
    "Tricks \\x1b[31m",
    "[italic]this[/italic] stays as typed \\x1b]0;title\\x07",
    "[b]quoted[/b] \\x1b[1m",
    "[link=https://example.com]click[/link] \\x1b[2J",
    "[blink]True?[/blink]",
)


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
def test_bank_text_is_printed_literally(store: Store, mode: Mode) -> None:
    """Escape sequences, bells, bidirectional overrides and Rich markup in a bank are shown as
    typed, in questions, options, verdicts, excerpts, citations and the exam review."""
    attempt = start(store, mode, bank="hostile")
    output = take(attempt, "2", "t", "1", "2", "n")
    for raw in HOSTILE_RAW:
        assert raw not in output
    for shown in HOSTILE_SHOWN:
        assert shown in output, shown


# -- a real pipe ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_piped_exam_runs_end_to_end(env: Path) -> None:
    """`printf '1\\n2\\n' | casequiz exam ... --plain`: no terminal at all, a result file."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casequiz",
            "exam",
            str(ENGINE / "singles.yaml"),
            "--count",
            "2",
            "--seed",
            "4",
            "--student",
            "ann",
            "--plain",
        ],
        input="1\n2\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CASEQUIZ_DB": str(env / "casequiz.db")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    assert "Question 2 of 2" in result.stdout and "Review" in result.stdout
    files = list((env / "results").glob("*.json"))
    assert len(files) == 1 and f"Result file to hand in: {files[0]}" in result.stdout
    record = resultfile.read(files[0])
    assert record.student == "ann" and len(record.answers) == 2


def test_a_line_that_is_not_utf8_is_asked_again(store: Store) -> None:
    """Bytes that are not UTF-8 arrive as surrogate escapes, which no store or result file can
    hold: the line is turned away and the next one answers."""
    attempt = start(store, question_ids=("engine-mixed:capital",))
    output = take(attempt, "caf\udce9", "1")
    assert "That line is not UTF-8 text" in output
    assert [answer.response for answer in attempt.answers.values()] == [
        attempt.current.choices()[0]
    ]


@pytest.mark.slow
def test_a_piped_line_that_is_not_utf8_is_no_traceback(env: Path) -> None:
    """A real pipe: stdin decodes with `surrogateescape` (or strictly, in some locales), and
    either way the session goes on to the result file."""
    for number, decoding in enumerate(({"LC_ALL": "C"}, {"PYTHONIOENCODING": "utf-8:strict"})):
        options = ["--plain", "--count", "1", "--seed", "4", "--student", f"ann-{number}"]
        result = subprocess.run(
            [sys.executable, "-m", "casequiz", "exam", str(ENGINE / "singles.yaml"), *options],
            input=b"\xff\xfe\n1\n",
            capture_output=True,
            timeout=60,
            env={**os.environ, "CASEQUIZ_DB": str(env / "casequiz.db"), **decoding},
        )
        assert result.returncode == 0, result.stderr
        assert b"That line is not UTF-8 text" in result.stdout
        assert b"Result file to hand in" in result.stdout


# -- hints, interruptions, the clock, long options ---------------------------------------------


def capital_exam(store: Store, **options: object) -> Attempt:
    selection = Selection(seed=1, question_ids=("engine-mixed:capital", "engine-mixed:withdrawn"))
    return Attempt.start(banks(), selection, student="ann", mode=Mode.EXAM, log=store, **options)  # type: ignore[arg-type]


def test_a_question_mark_shows_the_hint_and_asks_again(store: Store) -> None:
    attempt = capital_exam(store)
    capital = attempt.slots[0].question.id == "capital"
    typed = ["?", right(attempt.slots[0]), "?", right(attempt.slots[1])]
    output = take(attempt, *typed)
    hint_first = "Hint: It is where the ministry sits."
    assert output.count("Type ? for a hint.") == 1
    assert hint_first in output and "This question has no hint." in output
    assert (output.index(hint_first) < output.index("This question has no hint.")) == capital
    assert len(stored(store, attempt)) == 2


class Interrupted(io.StringIO):
    """Input that is interrupted (Ctrl-C) after its lines are read."""

    def readline(self, size: int = -1) -> str:
        line = super().readline(size)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_saves_and_says_how_to_resume(store: Store) -> None:
    attempt = capital_exam(store)
    out = io.StringIO()
    code = PlainSession(attempt, Interrupted(right(attempt.slots[0]) + "\n"), out, False).run()
    assert code == 130
    assert "Saved: 1 of 2 answered. Continue later with: casequiz resume" in out.getvalue()
    assert len(stored(store, attempt)) == 1 and store.unfinished()


class SlowClock:
    """A clock that moves on a minute every time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def test_no_question_is_shown_once_the_time_is_up(store: Store) -> None:
    attempt = capital_exam(store, time_limit=150, clock=SlowClock())
    output = take(attempt, "", "", "", "")
    assert "Question 1 of 2" in output
    assert "the time limit has run out" in output
    assert "Score:" in output and store.unfinished() == []


def test_long_options_wrap_without_losing_a_word(store: Store, tmp_path: Path) -> None:
    words = [f"word{n}" for n in range(40)]
    options = [" ".join(f"{w}-{i}" for w in words) for i in range(12)]
    bank = tmp_path / "long.yaml"
    bank.write_text(
        "casequiz: 1\nid: long\ntitle: Long options\nquestions:\n  - id: long\n    type: single\n"
        "    prompt: Which one?\n    options:\n"
        + "".join(f"      - {option}\n" for option in options)
        + f"    answer: {options[0]}\n",
        "utf-8",
    )
    attempt = Attempt.start(
        load_banks([bank]), Selection(seed=1), student="ann", mode=Mode.EXAM, log=store
    )
    output = take(attempt, "q")
    lines = output[: output.index("Type the number")].splitlines()
    assert max(len(line) for line in lines) <= 78
    shown = " ".join(output.split())
    for number, option in enumerate(attempt.current.choices(), 1):
        assert f"{number}. {option}" in shown
    eleven = next(i for i, line in enumerate(lines) if line.startswith("  11. "))
    assert lines[eleven + 1].startswith(" " * 6 + "word"), "continued under the text"
