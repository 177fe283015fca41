"""The Moodle XML reader against Moodle's own: the import tests transcribed in `expected.md`
(the XML read in place) and the 14 fixtures of Moodle's import tests."""

from __future__ import annotations

import re

import pytest
from tests.interop.corpora import MOODLE_XML

from casequiz.interop.moodle_xml.parse import parse_xml, questions
from casequiz.interop.moodle_xml.read import read

EXPECTED = (MOODLE_XML / "expected.md").read_text("utf-8")
SECTIONS = re.split(r"^### (?=\d+\. )", EXPECTED, flags=re.M)[1:]
IMPORTS = {
    s.split("`")[1]: s
    for s in SECTIONS
    if "(import" in s.splitlines()[0] and "~~~~xml" in s and "qtype `" in s
}
FIXTURES = sorted((MOODLE_XML / "fixtures").glob("*.xml"))


def _xml(section: str) -> bytes:
    body = section.split("~~~~xml\n", 1)[1].split("\n~~~~", 1)[0]
    if "<quiz" not in body:
        body = f"<quiz>\n{body}\n</quiz>"
    return body.encode("utf-8")


def _list(section: str, name: str) -> list[str] | None:
    found = re.search(rf"\b{name} \[([^\]]*)\]", section)
    if found is None:
        return None
    return [p.strip().strip("`") for p in re.split(r",\s*(?![^`]*`(?:,|\]))", found.group(1))]


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_moodle_import_test_gives_the_fields_moodle_expects(name: str) -> None:
    section = IMPORTS[name]
    root, lines = parse_xml(_xml(section))
    [question] = [q for q in questions(root, lines) if q.qtype != "category"]
    expected = section.split("~~~~\n", 1)[-1]
    assert question.qtype == re.search(r"qtype `(\w+)`", expected).group(1)
    if name_found := re.search(r"name `([^`]*)`", expected):
        assert question.name == name_found.group(1)
    text = re.search(r"questiontext `([^`]*)`", expected)
    if text and question.qtype != "multianswer":  # Cloze lists its parts' texts as well
        assert question.text.text == text.group(1)
    answers, fractions = _list(expected, "answers?"), _list(expected, "fraction")
    if answers and fractions and len(answers) == len(question.answers):
        assert [a.text.text for a in question.answers] == answers
        assert [a.fraction for a in question.answers] == [float(f) for f in fractions]


def _topics(name: str) -> list[tuple[str | None, str]]:
    result = read((MOODLE_XML / "fixtures" / name).read_bytes(), name)
    return [(q.data.get("topic"), q.name or "") for q in result.questions]


def test_nested_categories_become_topic_paths() -> None:
    assert _topics("nested_categories_with_questions.xml") == [
        ("Iota", "Iota Question"),
        ("Iota/Kappa", "Kappa Question"),
        ("Iota/Kappa/Lambda", "Lambda Question"),
        ("Iota/Mu", "Mu Question"),
    ]
    assert _topics("old_format_file.xml") == [("Pi", "Pi Question"), ("Pi/Rho", "Rho Question")]
    assert _topics("categories_reverse_order.xml") == [
        ("Sigma", "Sigma Question")
    ]  # Tau's is an essay


def test_behat_fixtures_import_what_moodle_imports() -> None:
    truefalse = read((MOODLE_XML / "fixtures" / "truefalse.xml").read_bytes(), "tf.xml")
    assert sorted(q.name or "" for q in truefalse.questions) == [
        "Moodle acronym (False)",
        "Moodle acronym (True)",
    ]
    assert sorted(q.data["answer"] for q in truefalse.questions) == [False, True]
    choice = read((MOODLE_XML / "fixtures" / "multichoice.xml").read_bytes(), "mc.xml")
    [greeting] = choice.questions
    assert (
        greeting.name == "Greeting" and "What language is being spoken?" in greeting.data["prompt"]
    )
    assert greeting.data["answer"] == "[image: French flag] French"
    assert "image" in " ".join(greeting.notes)


def test_cloze_and_invalid_grades_are_reported_with_their_line() -> None:
    broken = read((MOODLE_XML / "fixtures" / "broken_cloze_questions.xml").read_bytes(), "b.xml")
    assert broken.questions == [] and len(broken.skipped) == 5
    assert all("Cloze" in s.reason for s in broken.skipped)
    grades = read((MOODLE_XML / "fixtures" / "error_invalid_grades.xml").read_bytes(), "g.xml")
    assert grades.questions == []
    [skipped] = grades.skipped
    assert skipped.line == 4 and "33%" in skipped.reason


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_is_read_without_error(path) -> None:
    result = read(path.read_bytes(), path.name)
    assert result.error is None
    assert result.questions or result.skipped
