"""Moodle's embedded answers (Cloze) syntax against Moodle's own tests, transcribed in
`moodle-cloze/expected.md` (the Cloze texts read from it in place), and the writer against the
reader: every part written reads back as the same part."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.interop.corpora import CORPORA

from casequiz.interop.embedded.parse import (
    MAX_PARTS,
    MISSING,
    NO_FULL_MARKS,
    NOT_A_NUMBER,
    TYPES,
    extract,
    validate,
)
from casequiz.interop.embedded.write import code, snippet
from casequiz.interop.moodle import GRADES, Answer, MoodleQuestion, Text
from casequiz.interop.text import held

EXPECTED = (CORPORA / "moodle-cloze" / "expected.md").read_text("utf-8")


def _section(number: str) -> str:
    return re.split(r"^## ", EXPECTED, flags=re.M)[int(number) + 1]


def _block(section: str) -> str:
    return section.split("~~~~", 2)[1].split("\n", 1)[1].rstrip("\n")


def _table(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


def _answers(part: MoodleQuestion) -> list[tuple[str, float, str]]:
    return [(a.text.text, round(a.fraction, 7), a.feedback.text) for a in part.answers]


def test_section_1_every_multiple_choice_variant() -> None:
    section = _section("1")
    found = extract(_block(section))
    assert len(found.parts) == 12 and validate(found) == []
    layouts = {"DROPDOWN": 0, "VERTICAL": 1, "HORIZONTAL": 2}
    for row in [r for r in section.splitlines() if re.match(r"\| \d+, \d+ \|", r)]:
        numbers, codes, shuffle, layout = (c.strip() for c in row.strip("|").split("|"))
        for n, written in zip(numbers.split(", "), codes.split(", "), strict=True):
            part = found.parts[int(n) - 1]
            assert written in part.text.text
            assert part.qtype == "multichoice" and part.single
            assert part.shuffle is (shuffle == "1")
            assert part.layout == layouts[layout]
            by_feedback = {a.feedback.text: round(a.fraction, 7) for a in part.answers}
            assert by_feedback == {"OK": 1.0, "Wrong": 0.0, "Not really": 0.3333333}
    assert found.text.count("{#") == 12


def test_section_2_the_xml_import_of_a_cloze() -> None:
    section = _section("2")
    found = extract(_block(section))
    parent = re.search(r"questiontext `([^`]*)`", section).group(1)
    assert found.text == parent
    short, choice = found.parts
    tables = section.split("Subquestion 2")
    assert short.qtype == "shortanswer" and not short.usecase and short.defaultgrade == 1.0
    assert _answers(short) == [(a, float(f), fb) for a, f, fb in _table(tables[0])]
    assert choice.qtype == "multichoice" and choice.single and choice.layout == 0
    assert not choice.shuffle
    assert _answers(choice) == [(a, float(f), fb) for a, f, fb in _table(tables[1])]
    assert short.text.text.startswith("{1:SHORTANSWER:Dog")


def test_section_3_helper_snippets_mean_what_moodle_says() -> None:
    fourmc = extract("{1:MULTICHOICE:=California#OK~Arizona#Wrong}")
    assert _answers(fourmc.parts[0]) == [("California", 1.0, "OK"), ("Arizona", 0.0, "Wrong")]
    zero = extract("Enter zero: {1:NUMERICAL:=0:0}.")
    assert zero.text == "Enter zero: {#1}."
    [part] = zero.parts
    assert part.qtype == "numerical" and _answers(part) == [("0", 1.0, "")]
    assert part.answers[0].tolerance == 0
    dollars = extract("Which is the right order? {1:MULTICHOICE:=y,y,$3~$3,y,y}")
    assert [a.text.text for a in dollars.parts[0].answers] == ["y,y,$3", "$3,y,y"]
    section = _section("3").split("### 3.5")[1]
    subs = re.findall(r"`(\{1:MULTIRESPONSE:[^`]*\})`", section)
    tables = section.split("* Sub 2")
    for sub, table in zip(subs, tables, strict=True):
        [part] = extract(sub).parts
        assert not part.single and part.layout == 1
        expected = [(a, float(f), "" if fb == "(empty)" else fb) for a, f, fb in _table(table)]
        assert _answers(part) == expected


def test_section_5_broken_texts_give_moodles_errors_and_import_nothing() -> None:
    section = _section("5")
    texts = re.findall(r"^\d\. `([^`]*)`", section, flags=re.M)
    assert len(texts) == 5
    errors = [e for text in texts for e in validate(extract(text))]
    assert all(validate(extract(text)) for text in texts)
    required = re.findall(r"`([^`]*)`", section.split("contains all of:")[1])
    moodle_wide = {"Error importing question", "Invalid embedded answers (Cloze) question"}
    assert set(required) - moodle_wide == set(errors)
    assert {MISSING, NOT_A_NUMBER, NO_FULL_MARKS} <= set(errors)


def test_section_6_feedback_with_markup_and_weights() -> None:
    text = _block(_section("6"))
    found = extract(text.replace("\n", "<br />"))
    assert validate(found) == [] and len(found.parts) == 5
    paris = found.parts[4]
    assert paris.qtype == "shortanswer"
    assert [(a.text.text, a.fraction) for a in paris.answers] == [
        ("Paris", 1.0),
        ("Marseille", 0.5),
        ("*", 0.0),
    ]
    assert paris.answers[0].feedback.text == "Congratulations!<br />"
    assert paris.answers[1].feedback.text.endswith("(after<br />Paris).")


def test_escapes_and_entities_are_undone_as_moodle_undoes_them() -> None:
    [part] = extract(r"{1:SA:=a\}b\#c#it\}s~%50%x&amp;y}").parts
    assert _answers(part) == [("a}b#c", 1.0, "it}s"), ("x&y", 0.5, "")]
    [entity] = extract("{2:SAC:=caf&#233;~=&#35;1}").parts
    assert entity.usecase and entity.defaultgrade == 2.0
    assert [a.text.text for a in entity.answers] == ["café", "#1"]
    assert [a.fraction for a in extract("{1:MC:%33,5%a~=b}").parts[0].answers] == [0.335, 1.0]
    assert extract("{1:NM:=45:2}").parts[0].answers[0].tolerance == 2.0
    assert extract("{1:NM:=1,5:0,1}").parts[0].answers[0].text.text == "1,5"


def test_not_a_part_stays_text() -> None:
    for text in ("{1:MULTICHOICE}", "{1:ESSAY:x}", "{x:SA:y}", "{1:SA:}", "{1:SA:a\\}"):
        found = extract(text)
        assert found.parts == [] and found.text == text
        assert validate(found) == [MISSING]


@pytest.mark.parametrize(
    "hostile",
    [
        "{1:SA:" + "a~" * 20_000 + "&}",
        "{1:SA:a&}" * 20_000,
        "{1:SA:a#b~" * 20_000,
        "{1:SA:" * 50_000,
        "{1:MC:=" + "x~#" * 30_000,
    ],
    ids=["tildes", "unclosed", "feedback", "starts", "mixed"],
)
def test_hostile_texts_are_read_in_bounded_steps(hostile: str) -> None:
    """Moodle's expression backtracks exponentially on these; the scanner does not (a count
    of steps, not a clock: every text is read in one pass of each kind)."""
    found = extract(hostile)
    assert validate(found)  # none of them is a Cloze Moodle accepts


def test_too_many_parts_are_refused_not_read_in_half() -> None:
    found = extract("{1:SA:=a}" * (MAX_PARTS + 1))
    assert validate(found) == [f"more than {MAX_PARTS} embedded answers: split the question"]


_texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("{}~#=%:\\&<>;"),
    min_size=1,
    max_size=12,
).filter(lambda t: t.strip() == t and t.strip() and "  " not in t)
_grades = st.sampled_from([g for g in GRADES if g] + [-0.5, -1.0])


@st.composite
def parts(draw: st.DrawFn) -> MoodleQuestion:
    kind = draw(st.sampled_from(sorted(TYPES)))
    info = TYPES[kind]
    part = MoodleQuestion(
        info.qtype,
        0,
        defaultgrade=float(draw(st.integers(1, 9))),
        single=info.single,
        shuffle=info.shuffle,
        usecase=info.usecase,
    )
    part.layout = info.layout
    count = draw(st.integers(1, 4))
    for _ in range(count):
        feedback = draw(st.one_of(st.just(""), _texts))
        if info.qtype == "numerical":
            value = draw(st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3)))
            text = Text(repr(value) if not value.is_integer() else str(int(value)), "plain")
            tolerance = draw(st.sampled_from([0.0, 0.5, 2.0]))
            part.answers.append(Answer(text, draw(_grades), Text(feedback, "html"), tolerance))
        else:
            fmt = "html" if info.qtype == "multichoice" else "plain"
            part.answers.append(
                Answer(Text(draw(_texts), fmt), draw(_grades), Text(feedback, "html"))
            )
    return part


def _read(found: list[MoodleQuestion]) -> list[tuple]:
    """The parts as read, their HTML texts as the plain text they show."""
    from casequiz.interop.text import from_html

    def plain(text: Text) -> str:
        return from_html(text.text)[0] if text.format == "html" else held(text.text)

    return [
        _summary(p, [(plain(a.text), round(a.fraction, 7), plain(a.feedback)) for a in p.answers])
        for p in found
    ]


def _summary(p: MoodleQuestion, answers: list[tuple[str, float, str]]) -> tuple:
    return (p.qtype, p.single, p.shuffle, p.layout, p.usecase, p.defaultgrade, answers)


def _meant(written: list[MoodleQuestion]) -> list[tuple]:
    """The parts as written (plain texts), with Moodle's rescaling of multiple response."""
    out = []
    for p in written:
        fractions = [a.fraction for a in p.answers]
        if not p.single and (positive := sum(f for f in fractions if f > 0)):
            specific = any(f not in (0.0, 1.0) for f in fractions)
            fractions = [
                f / positive if f > 0 else (f if specific else -1 / positive) for f in fractions
            ]
        answers = zip(p.answers, fractions, strict=True)
        out.append(
            _summary(
                p, [(held(a.text.text), round(f, 7), held(a.feedback.text)) for a, f in answers]
            )
        )
    return out


@given(st.lists(parts(), min_size=1, max_size=3), _texts)
def test_written_parts_read_back_the_same(written: list[MoodleQuestion], between: str) -> None:
    from casequiz.interop.embedded.write import entities
    from casequiz.interop.text import to_html

    text = entities(to_html(between)).join(snippet(p) for p in written)
    found = extract(text)
    assert [code(p) for p in written] == [code(p) for p in found.parts]
    assert _read(found.parts) == _meant(written)
