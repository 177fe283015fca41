"""The GIFT parser against Moodle's own: its import tests (`expected.md`, a transcription of
`giftformat_test.php`), its fixtures and its `examples.txt`.

Each import test's GIFT input is read from `expected.md` in place, with the fields it expects
(qtype, name, question text, the answers table: text, grade, feedback, tolerance), and our parse
must give those fields.
"""

from __future__ import annotations

import re

import pytest
from tests.interop.corpora import MOODLE_GIFT

from casequiz.interop.gift.parse import Block, parse_block
from casequiz.interop.gift.read import read
from casequiz.interop.moodle import MoodleQuestion

EXPECTED = (MOODLE_GIFT / "expected.md").read_text("utf-8")
SECTIONS = re.split(r"^## (?=\d+\. )", EXPECTED, flags=re.M)[1:]
IMPORTS = {s.split("`")[1]: s for s in SECTIONS if "(import" in s.splitlines()[0]}


def _gift(section: str) -> str:
    return section.split("~~~~gift\n", 1)[1].split("\n~~~~", 1)[0]


def _field(section: str, name: str) -> str | None:
    found = re.search(rf"\b{name}:? `([^`]*)`", section)
    if found is None and name == "qtype":
        found = re.search(r"\bqtype:? (\w+)", section)
    return found.group(1) if found else None


def _table(section: str) -> list[dict[str, str]]:
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    if len(rows) < 2 or ("fraction" not in rows[0] and "subanswer" not in rows[0]):
        return []
    head = [c.strip() for c in rows[0].strip("|").split("|")]
    return [
        dict(zip(head, (c.strip() for c in row.strip("|").split("|")), strict=False))
        for row in rows[1:]
        if not row.startswith("|---")
    ]


def _cell(value: str) -> str:
    """`Good!` (MOODLE) -> Good!; (empty) or empty -> ''."""
    found = re.match(r"`([^`]*)`", value)
    if found:
        return found.group(1)
    return "" if value.startswith(("(empty", "empty")) else value


def _section_for(name: str) -> str:
    section = IMPORTS[name]
    if (found := re.search(r"(?:as|identical to) test (\d+)", section)) and not _table(section):
        base = next(s for s in SECTIONS if s.startswith(found.group(1) + "."))
        return section + base
    return section


def parse_one(name: str) -> MoodleQuestion:
    lines = _gift(IMPORTS[name]).split("\n")
    block = Block(1, [line.strip() for line in lines if line.strip()])
    question = parse_block(block)
    assert question is not None
    return question


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_moodle_import_test_gives_the_fields_moodle_expects(name: str) -> None:
    section = _section_for(name)
    question = parse_one(name)
    assert question.qtype == _field(section, "qtype")
    assert question.name == _field(section, "name")
    text = _field(section, "questiontext")
    if text is not None and "\n" not in _gift(IMPORTS[name]).strip().split("{")[0]:
        assert question.text.text == text
    rows = _table(section)
    if question.qtype == "match":
        assert [(s.text.text, s.answer) for s in question.subquestions] == [
            (_cell(r["subquestion text"]), r["subanswer"]) for r in rows
        ]
    elif rows:
        got = [(a.text.text, a.fraction, a.feedback.text) for a in question.answers]
        want = [
            (
                _cell(r["answer (format)"] if "answer (format)" in r else r["answer"]),
                float(r["fraction"]),
                _cell(r.get("feedback (format)", "")),
            )
            for r in rows
        ]
        assert got == want
        if "tolerance" in rows[0]:
            tolerances = [a.tolerance for a in question.answers]
            assert tolerances == [
                float(r["tolerance"]) if r["tolerance"] != "`''` (empty string)" else None
                for r in rows
            ]
    if question.qtype == "truefalse":
        truth = re.search(r"correctanswer (\d)", section)
        assert truth is not None and question.answers[0].fraction == float(truth.group(1))
        for which, answer in (
            ("feedbacktrue", question.answers[0]),
            ("feedbackfalse", question.answers[1]),
        ):
            expected = _field(section, which)
            assert answer.feedback.text == (expected or "")
    if "generalfeedback `" in section:
        assert question.general_feedback.text == _field(section, "generalfeedback")
    if tags := re.search(r"tags `(\[[^`]*\])`", section):
        assert question.tags == eval(tags.group(1))  # a JSON-style list of strings
        assert question.idnumber == _field(section, "idnumber")


def test_the_backslash_fixture_unescapes_pairs() -> None:
    assert parse_one("test_import_backslash").text.text == "A \\ B \\\\ C"


def test_the_pre_content_keeps_escaped_braces() -> None:
    text = parse_one("test_import_pre_content").text.text
    assert "public void test() {" in text and text.rstrip().endswith("</pre>")


def test_fixture_files_import_as_moodle_counts_them() -> None:
    """Behat imports 9 questions from questions.gift.txt; the category file holds 4."""
    plain = read((MOODLE_GIFT / "fixtures" / "questions.gift.txt").read_bytes(), "q.gift")
    assert len(plain.questions) + len(plain.skipped) == 9
    assert [s.reason.split(";")[0] for s in plain.skipped] == ["essay questions are marked by hand"]
    grouped = read(
        (MOODLE_GIFT / "fixtures" / "questions_in_category.gift.txt").read_bytes(), "c.gift"
    )
    assert len(grouped.questions) + len(grouped.skipped) == 4
    assert {q.data.get("topic") for q in grouped.questions} == {"Default for New Features"}


def test_examples_txt_reads_all_43_questions() -> None:
    result = read((MOODLE_GIFT / "examples.txt").read_bytes(), "examples.txt")
    assert result.error is None
    assert len(result.questions) + len(result.skipped) == 43
