"""Exported Moodle XML has the structure Moodle's importer reads (`qformat_xml::readquestions`
and each `import_*` method): the elements it looks up, with values it accepts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.interop.test_gift_second_parser import EVERY_TYPE

from casequiz.bank.load import load_banks
from casequiz.bank.model import Bank
from casequiz.interop.embedded.parse import extract, validate
from casequiz.interop.moodle import moodle_grade
from casequiz.interop.moodle_xml.write import write

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown"}
TYPES = {
    "category",
    "multichoice",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "ordering",
    "cloze",
}


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, f"no <{path}>"
    return found.text or ""


def check_question(q: ET.Element) -> None:
    kind = q.get("type")
    assert kind in TYPES
    if kind == "category":
        assert _text(q, "category/text").startswith("$course$/top")
        return
    assert _text(q, "name/text")
    assert q.find("questiontext").get("format") in FORMATS
    assert _text(q, "questiontext/text")
    assert q.find("generalfeedback").get("format") in FORMATS
    if kind == "cloze":  # marks and answers are in the text, as Moodle's exporter writes it
        assert q.find("defaultgrade") is None and q.find("answer") is None
        found = extract(_text(q, "questiontext/text"))
        assert validate(found) == [] and all(p.defaultgrade >= 1 for p in found.parts)
        float(_text(q, "penalty"))
        return
    assert float(_text(q, "defaultgrade")) > 0
    float(_text(q, "penalty"))
    answers = q.findall("answer")
    if kind in ("multichoice", "truefalse", "shortanswer", "numerical"):
        for answer in answers:
            assert moodle_grade(float(answer.get("fraction")) / 100) is not None
            assert answer.find("feedback").get("format") in FORMATS
    if kind == "multichoice":
        assert _text(q, "single") in ("true", "false") and len(answers) >= 2
    elif kind == "truefalse":
        assert [_text(a, "text") for a in answers] == ["true", "false"]
    elif kind == "shortanswer":
        assert _text(q, "usecase") in ("0", "1") and answers
    elif kind == "numerical":
        for answer in answers:
            float(_text(answer, "text"))
            float(_text(answer, "tolerance"))
    elif kind == "matching":
        subs = q.findall("subquestion")
        assert sum(1 for s in subs if _text(s, "text")) >= 2
        assert all(_text(s, "answer/text") for s in subs)
    elif kind == "ordering":
        assert len(answers) >= 2 and _text(q, "gradingtype")
    for tag in q.findall("tags/tag"):
        assert _text(tag, "text")


BANKS = [
    *(
        load_banks([p], use_cache=False)[0].bank
        for p in sorted((ROOT / "questions").rglob("*.yaml"))
    ),
    Bank.model_validate(EVERY_TYPE),
]


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_exported_xml_has_the_structure_moodle_reads(bank: Bank) -> None:
    root = ET.fromstring(write([bank]).data)
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert sum(1 for q in questions if q.get("type") != "category") == len(bank.questions)
    for question in questions:
        check_question(question)
