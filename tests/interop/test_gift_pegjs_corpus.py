"""The GIFT parser against the 51 test files of GIFT-grammar-PEG.js and their expected parses.

Each question of a type casequiz can hold (multiple choice, short answer, true/false,
numerical, matching) must have the expected answers, grades, feedback and tolerances; the
others must be reported, not imported. Where the grammar and Moodle disagree, Moodle decides:
those questions are listed in `DISAGREE`, each with the reason, and must differ as said.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.interop.corpora import GIFT_PEGJS

from casequiz.interop.gift.parse import GiftError, parse
from casequiz.interop.gift.read import read
from casequiz.interop.moodle import MoodleQuestion

FILES = sorted(GIFT_PEGJS.glob("*.gift"))
KINDS = {
    "MC": "multichoice",
    "Short": "shortanswer",
    "TF": "truefalse",
    "Numerical": "numerical",
    "Matching": "match",
    "Essay": "essay",
    "Description": "description",
    "Category": "category",
}


def held(text: str) -> str:
    """Texts compared up to whitespace: the grammar joins a question's lines with a space where
    Moodle keeps the line break, and writes `_____ .` where Moodle writes `_____.`."""
    return re.sub(r"\s+", "", text)


HELD = {"multichoice", "shortanswer", "truefalse", "numerical", "match"}

DISAGREE: dict[tuple[str, int], str] = {
    ("TFTwoFeedback.gift", 1): "in {TRUE#a} Moodle shows a for the wrong answer (false); the "
    "grammar files it as the feedback for true",
    ("TFTwoFeedback.gift", 2): "in {TRUE##b} Moodle shows b for the right answer (true); the "
    "grammar files it as the feedback for false",
}
"""(file, question index) -> why Moodle reads that question otherwise than the grammar."""


def _text(value: dict[str, Any] | None) -> tuple[str, str]:
    return ("moodle", "") if value is None else (value["format"], held(value["text"]))


def _grade(choice: dict[str, Any]) -> float:
    if choice["weight"] is not None:
        return choice["weight"] / 100
    return 1.0 if choice["isCorrect"] else 0.0


def _number(value: dict[str, Any]) -> tuple[Any, Any]:
    if "format" in value:
        return value["text"], None
    if value["type"] == "simple":
        return value["number"], 0.0
    if value["type"] == "range":
        return value["number"], value["range"]
    low, high = value["numberLow"], value["numberHigh"]
    return (low + high) / 2, high - (low + high) / 2


def expected_answers(q: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The grammar's parse in the shape of ours: (text, grade, feedback[, tolerance])."""
    kind = q["type"]
    if kind in ("MC", "Short"):
        return [(held(c["text"]["text"]), _grade(c), _text(c["feedback"])[1]) for c in q["choices"]]
    if kind == "TF":
        return [
            ("true", float(q["isTrue"]), _text(q["trueFeedback"])[1]),
            ("false", float(not q["isTrue"]), _text(q["falseFeedback"])[1]),
        ]
    if kind == "Numerical":
        choices = q["choices"]
        if isinstance(choices, dict):
            return [(*_number(choices), 1.0, "")]
        return [(*_number(c["text"]), _grade(c), _text(c["feedback"])[1]) for c in choices]
    if kind == "Matching":
        return [(held(p["subquestion"]["text"]), held(p["subanswer"])) for p in q["matchPairs"]]
    return []


def our_answers(q: MoodleQuestion) -> list[tuple[Any, ...]]:
    if q.qtype in ("multichoice", "shortanswer", "truefalse"):
        return [(held(a.text.text), a.fraction, held(a.feedback.text)) for a in q.answers]
    if q.qtype == "numerical":
        return [
            ("*", None, a.fraction, held(a.feedback.text))
            if a.text.text == "*"
            else (float(a.text.text), a.tolerance or 0.0, a.fraction, held(a.feedback.text))
            for a in q.answers
        ]
    if q.qtype == "match":
        return [(held(s.text.text), held(s.answer)) for s in q.subquestions]
    return []


def compare(name: str) -> tuple[list[str], int]:
    """The differences between our parse of a file and the grammar's, and how many questions."""
    path = GIFT_PEGJS / name
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    ours = list(parse(path.read_text("utf-8")))
    problems = []
    if len(ours) != len(expected):
        return [f"{len(ours)} questions, expected {len(expected)}"], len(expected)
    for index, (mine, theirs) in enumerate(zip(ours, expected, strict=True)):
        where = f"question {index + 1}"
        if isinstance(mine, GiftError):
            problems.append(f"{where}: refused ({mine.args[0]})")
            continue
        if mine.qtype != KINDS[theirs["type"]]:
            problems.append(f"{where}: {mine.qtype}, expected {KINDS[theirs['type']]}")
            continue
        if mine.qtype == "category":
            continue
        if (mine.name or None) != theirs["title"]:
            problems.append(f"{where}: name {mine.name!r}, expected {theirs['title']!r}")
        if (mine.text.format, held(mine.text.text)) != _text(theirs["stem"]):
            problems.append(f"{where}: text {mine.text.text!r}, expected {theirs['stem']}")
        if held(mine.general_feedback.text) != _text(theirs.get("globalFeedback"))[1]:
            problems.append(f"{where}: general feedback {mine.general_feedback.text!r}")
        if mine.qtype in HELD and our_answers(mine) != expected_answers(theirs):
            problems.append(
                f"{where}: answers {our_answers(mine)}, expected {expected_answers(theirs)}"
            )
    return problems, len(expected)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_parses_as_the_grammar_expects(path: Path) -> None:
    problems, _ = compare(path.name)
    allowed = {f"question {i + 1}" for (f, i) in DISAGREE if f == path.name}
    unexpected = [p for p in problems if p.split(":")[0] not in allowed]
    assert unexpected == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_imports_what_casequiz_holds_and_reports_the_rest(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    result = read(path.read_bytes(), path.name)
    assert result.error is None
    questions = [q for q in expected if q["type"] != "Category"]
    unheld = [q for q in questions if KINDS[q["type"]] not in HELD]
    assert len(result.questions) + len(result.skipped) == len(questions)
    assert len(result.skipped) >= len(unheld)
    for skipped in result.skipped:
        assert skipped.line >= 1 and skipped.reason


def test_the_disagreements_are_real() -> None:
    """Each listed disagreement is still one: our parse differs there, and only there."""
    for (name, index), _ in DISAGREE.items():
        problems, _ = compare(name)
        assert any(p.startswith(f"question {index + 1}:") for p in problems)
