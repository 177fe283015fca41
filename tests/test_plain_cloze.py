"""Plain mode for a cloze: the passage with its blanks marked, one prompt per blank, then the
passage as answered and as it should read, with a note (and the teacher's feedback) per blank."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from casequiz.bank.load import load_banks
from casequiz.cli.main import main
from casequiz.plain.runner import PlainSession
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.store.db import Store

CLOZE = Path(__file__).resolve().parent / "data" / "cloze"
PASSAGES = CLOZE / "passages.yaml"
GOLDEN = CLOZE / "plain-figures.txt"
"""The transcript of a partly right cloze in practice: what a pipe records, byte for byte."""


def _attempt(question: str, mode: Mode = Mode.PRACTICE, store: Store | None = None) -> Attempt:
    return Attempt.start(
        load_banks([PASSAGES]),
        Selection(seed=1, question_ids=(f"passages:{question}",)),
        student="Ada",
        mode=mode,
        log=store,
    )


def _run(attempt: Attempt, typed: str) -> str:
    out = io.StringIO()
    PlainSession(attempt, io.StringIO(typed), out, False).run()
    return out.getvalue()


def test_a_partly_right_cloze_reads_as_the_golden_transcript() -> None:
    """The wrong choice earns its feedback; the figure is read in its unit; the short answer
    is wrong and shows what was expected; the passage is shown filled both ways."""
    attempt = _attempt("figures")
    transcript = _run(attempt, "3\n$5.8bn\n44\nn\n")
    assert transcript == GOLDEN.read_text("utf-8")
    assert attempt.answers[0].response == {"market": "China", "exports": "$5.8bn", "2": "44"}
    assert attempt.answers[0].verdict.score == 2


def test_a_choice_blank_takes_its_number_or_its_text_and_asks_again_otherwise() -> None:
    attempt = _attempt("figures")
    transcript = _run(attempt, "9\neu\n5.8\n45\n")
    assert "type the number of a choice, 1 to 3\n" in transcript
    assert attempt.answers[0].response == {"market": "EU", "exports": "5.8", "2": "45"}
    assert attempt.answers[0].verdict.correct
    assert "Correct (4/4)\nYour passage: Exports to the [EU] reached $[5.8] billion" in transcript
    assert "The passage:" not in transcript


def test_an_empty_line_leaves_a_blank_empty_and_all_empty_skips_the_question() -> None:
    attempt = _attempt("goods")
    transcript = _run(attempt, "garments\n\nn\n")
    assert attempt.answers[0].response == {"1": "garments"}
    assert "Your passage: It covers [garments], _____ and bicycles." in transcript
    assert "  - 2: not answered, expected footwear\n" in transcript

    skipped = _attempt("goods", Mode.EXAM)
    _run(skipped, "\n\nn\n")
    assert skipped.answers == {}


def test_q_at_any_blank_saves_and_quits(tmp_path: Path) -> None:
    with Store(tmp_path / "casequiz.db") as store:
        attempt = _attempt("goods", store=store)
        transcript = _run(attempt, "garments\nq\n")
        assert attempt.answers == {} and not attempt.finished
        assert "Saved: 0 of 1 answered." in transcript


def test_a_question_mark_at_a_blank_shows_the_hint_and_asks_that_blank_again() -> None:
    attempt = _attempt("scheme")
    transcript = _run(attempt, "?\nEverything but Arms\nold\n")
    assert "This question has no hint." in transcript
    assert attempt.answers[0].verdict.correct


def test_the_exam_review_shows_each_blank() -> None:
    attempt = _attempt("goods", Mode.EXAM)
    transcript = _run(attempt, "garments\nshoes\n")
    review = transcript[transcript.index("Review") :]
    assert "Your answer: 1: garments; 2: shoes" in review
    assert "  - 2: wrong, expected footwear\n" in review


def test_a_study_session_asks_a_cloze_blank_by_blank_and_rates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In `study --plain`, a partly right cloze is rated Hard by default; all blanks empty skip."""
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "study.db"))
    bank = tmp_path / "one.yaml"
    text = PASSAGES.read_text("utf-8")
    bank.write_text(text, "utf-8")
    (tmp_path / "memo.txt").write_bytes((CLOZE / "memo.txt").read_bytes())
    # The bank's three clozes in bank order: figures (3 blanks), scheme (2), goods (2).
    typed = "1\n5.8\n44\n\n\n\nq\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code = main(["study", str(bank), "--plain", "--student", "kim", "--new", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Partly correct (3/4)" in out
    assert "Suggested rating: Hard (partly right)." in out
    assert "Skipped: it stays due." in out
