"""Moodle XML Cloze questions in and out: Moodle's fixtures and import test read as casequiz
clozes, the broken ones refused with Moodle's own errors, and what a blank cannot hold said."""

from __future__ import annotations

import re

from tests.interop.corpora import MOODLE_XML

from casequiz.bank.model import Bank
from casequiz.interop.build import import_files
from casequiz.interop.moodle_xml.read import read
from casequiz.interop.moodle_xml.write import write

FIXTURES = MOODLE_XML / "fixtures"
EXPECTED = (MOODLE_XML / "expected.md").read_text("utf-8")


def test_the_cloze_fixture_imports_as_moodle_imports_it() -> None:
    result = read((FIXTURES / "multianswer.xml").read_bytes(), "multianswer.xml")
    [cloze] = result.questions
    assert result.skipped == [] and cloze.name == "cloze with images"
    data = cloze.data
    assert data["type"] == "cloze"
    assert "Match the following cities with the correct state," in data["text"]
    assert re.findall(r"\{\{(\w+)\}\}", data["text"]) == ["1", "2", "3", "4", "5"]
    answers = [b["answer"] for b in data["blanks"].values()]
    assert answers == ["California", "Arizona", "California", "Arizona", "Paris"]
    assert data["blanks"]["2"]["choices"] == ["California", "Arizona"]
    assert data["blanks"]["5"]["feedback"].startswith("Wrong answer. The capital")
    notes = " ".join(cloze.notes)
    assert "Marseille (50%)" in notes and "Paris: Congratulations!" in notes
    old = read((FIXTURES / "sample_questions_with_old_image_tag.xml").read_bytes(), "old.xml")
    assert sorted(q.name or "" for q in old.questions) == [
        "cloze question with image",
        "mcq with image",
    ]


def test_broken_cloze_questions_are_refused_with_moodles_errors() -> None:
    broken = read((FIXTURES / "broken_cloze_questions.xml").read_bytes(), "b.xml")
    assert broken.questions == [] and [s.line for s in broken.skipped] == [4, 20, 36, 52, 68]
    said = "\n".join(s.format() for s in broken.skipped)
    row = next(line for line in EXPECTED.splitlines() if "broken_cloze_questions.xml` |" in line)
    required = re.findall(r"`([^`]+)`", row.split("contains:")[1])
    assert len(required) == 6
    for message in required:
        assert message in said


def _section(name: str) -> str:
    return next(s for s in re.split(r"^### ", EXPECTED, flags=re.M) if f"`{name}`" in s[:80])


def test_moodles_cloze_import_test_gives_a_casequiz_cloze() -> None:
    section = _section("test_import_multianswer")
    xml = section.split("~~~~xml\n", 1)[1].split("\n~~~~", 1)[0]
    result = read(f"<quiz>{xml}</quiz>".encode(), "verse.xml")
    [verse] = result.questions
    data = verse.data
    assert verse.name == "Simple multianswer" and verse.idnumber == "id-101"
    assert (
        data["text"]
        == 'Complete this opening line of verse: "The {{1}} and the {{2}} went to sea".'
    )
    assert data["blanks"]["1"] == {"answer": "Owl", "feedback": "Wrong answer"}
    assert data["blanks"]["2"]["type"] == "choice"
    assert data["blanks"]["2"]["choices"] == ["Bow-wow", "Wiggly worm", "Pussy-cat"]
    assert data["blanks"]["2"]["answer"] == "Pussy-cat"
    assert data["tags"] == ["tagCloze", "tagTest"] and data["hint"] == "Hint 1\n\nHint 2"
    assert data["explanation"].startswith("General feedback: It's from")
    built, _ = import_files([("verse.xml", f"<quiz>{xml}</quiz>".encode())], "moodle-xml", "v", "V")
    assert [q["id"] for q in built.data["questions"]] == ["id-101"]


def _cloze(text: str) -> bytes:
    return (
        '<quiz><question type="cloze"><name><text>q</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
        "</question></quiz>"
    ).encode()


def test_a_part_casequiz_has_no_blank_for_is_reported_at_its_line() -> None:
    result = read(_cloze("Fruits: {1:MULTIRESPONSE:=Apple~%-50%Burger~=Orange}"), "mr.xml")
    [skipped] = result.skipped
    assert result.questions == [] and skipped.line == 1
    assert "part 1 (MULTIRESPONSE) is a multiple-response part" in skipped.reason
    wild = read(_cloze("Say {1:SA:=a*}"), "w.xml")
    assert "no fully right answer" in wild.skipped[0].reason


def test_what_a_blank_cannot_hold_is_noted() -> None:
    text = "{2:MCV:=a#yes~b#no~%50%c#half} and {1:NM:=45:2#ok~=46:1~%50%50:5~*#far}"
    [q] = read(_cloze(text), "n.xml").questions
    notes = " ".join(q.notes)
    assert "blank 1: shown as a drop-down" in notes
    assert "blank 1: partial and negative credit count as wrong: c (50%)" in notes
    assert "blank 2: only the first fully right answer is kept; dropped: 46±1 (100%)" in notes
    assert q.data["blanks"]["1"]["points"] == 2.0
    assert q.data["blanks"]["2"] == {
        "type": "numeric",
        "answer": 45.0,
        "tolerance": 2.0,
        "feedback": "far",
    }


BANK = {
    "casequiz": 1,
    "id": "cz",
    "title": "Cloze",
    "sources": {"kt": {"title": "Khmer Times", "published": "2020-02-12"}},
    "questions": [
        {
            "id": "eba",
            "type": "cloze",
            "prompt": "Complete the passage.",
            "text": "Cambodia has {{scheme}} access except for {{excluded}}, {{share}} "
            "& <b>{x}</b> ~#.",
            "blanks": {
                "scheme": {
                    "answer": "Everything but Arms",
                    "accept": ["EBA", "E*A"],
                    "feedback": "Named for what it leaves out.",
                },
                "excluded": {
                    "type": "choice",
                    "choices": ["arms", "rice", "a~b#c}"],
                    "answer": "arms",
                    "points": 2,
                    "feedback": "Arms, of course.",
                },
                "share": {"type": "numeric", "answer": 45, "tolerance": "10%", "unit": "%"},
            },
            "quotes": "kt",
            "explanation": "Because.",
        }
    ],
}


def test_a_cloze_goes_to_moodle_xml_and_back() -> None:
    bank = Bank.model_validate(BANK)
    written = write([bank])
    assert b'<question type="cloze">' in written.data
    assert (
        "{1:SHORTANSWER:=Everything but Arms~=EBA~=E\\*A~*#Named"
        in written.data.decode().replace("&#92;", "\\")
    )
    assert any("unit of a numeric blank" in n for n in written.notes)
    assert any("percentage tolerance" in n for n in written.notes)
    built, results = import_files([("cz.xml", written.data)], "moodle-xml", "cz", "Cloze")
    assert [r.error for r in results] == [None] and built.skipped == []
    back = Bank.model_validate(built.data).questions[0]
    original = bank.questions[0]
    assert back.text == original.text and back.prompt == original.prompt
    assert back.quotes == "kt" and back.source == []
    assert back.blanks["scheme"] == original.blanks["scheme"]
    assert back.blanks["excluded"] == original.blanks["excluded"]
    assert back.blanks["share"].answer == 45 and back.blanks["share"].tolerance == 4.5
    assert back.blanks["share"].unit is None


def test_gift_has_no_cloze_and_says_so() -> None:
    from casequiz.interop.gift.write import write as gift

    written = gift([Bank.model_validate(BANK)])
    assert written.questions == 0 and b"SHORTANSWER" not in written.data
    assert written.notes == [
        "cz: not exported: GIFT has no embedded answers (Cloze) (1 question: eba)"
    ]
