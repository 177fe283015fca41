"""Files from outside are untrusted: no entities, no external references, bounded depth and
size, one clear message and never a traceback."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casequiz.bank.limits import MAX_BYTES
from casequiz.interop.gift.parse import parse
from casequiz.interop.gift.read import read as read_gift
from casequiz.interop.moodle import MoodleQuestion
from casequiz.interop.moodle_xml.read import read as read_xml

QUESTION = (
    b'<question type="truefalse"><name><text>Q</text></name><questiontext format="html">'
    b"<text>&amp;x;</text></questiontext>"
    b'<answer fraction="100"><text>true</text></answer>'
    b'<answer fraction="0"><text>false</text></answer></question>'
)


def test_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>'
    )
    result = read_xml(bomb, "bomb.xml")
    assert result.questions == [] and "refused for safety" in (result.error or "")


def test_external_references_are_refused(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<quiz>&x;</quiz>"
    ).encode()
    result = read_xml(xxe, "xxe.xml")
    assert result.questions == [] and "refused" in (result.error or "")


def test_deep_nesting_is_refused() -> None:
    deep = b"<quiz>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</quiz>"
    result = read_xml(deep, "deep.xml")
    assert "nest more than" in (result.error or "")


def test_broken_xml_is_one_line_with_its_line() -> None:
    result = read_xml(b"<quiz>\n<question>\n</quiz>", "broken.xml")
    assert result.error is not None and result.error.startswith("line 3:")


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "utf-32", "idna", "undefined"])
def test_an_encoding_python_cannot_read_xml_in_is_one_line(encoding: str) -> None:
    """expat looks the declared encoding up among Python's codecs, whose refusals are not
    ParseErrors: each is the file's one line, not a traceback."""
    declared = f'<?xml version="1.0" encoding="{encoding}"?>\n<quiz/>'.encode()
    result = read_xml(declared, "odd.xml")
    assert result.questions == []
    assert (result.error or "").startswith("line 1: its encoding cannot be read")
    assert result.error is not None and "\n" not in result.error


def test_a_declared_single_byte_encoding_is_still_read() -> None:
    declared = b'<?xml version="1.0" encoding="windows-1252"?><quiz>' + QUESTION + b"</quiz>"
    assert read_xml(declared, "cp1252.xml").error is None


def test_a_wrong_root_is_said() -> None:
    assert "not Moodle's <quiz>" in (read_xml(b"<html/>", "page.xml").error or "")


def test_escaped_markup_stays_text() -> None:
    result = read_xml(b"<quiz>" + QUESTION + b"</quiz>", "ok.xml")
    assert result.error is None
    assert result.questions[0].data["prompt"] == "&x;"


def test_too_large_files_are_refused_before_parsing() -> None:
    big = b" " * (MAX_BYTES + 1)
    assert "MB" in (read_gift(big, "big.gift").error or "")
    assert "MB" in (read_xml(big, "big.xml").error or "")


def test_gift_that_is_not_utf8_is_said_with_its_line() -> None:
    result = read_gift(b"Q1 {T}\n\nQ2 \xff {F}\n", "latin.gift")
    assert result.error == "line 3: the file is not UTF-8 text; save it as UTF-8"


def test_a_missing_brace_is_reported_at_its_question() -> None:
    result = read_gift(b"First {T}\n\n// c\nSecond {=a\n", "brace.gift")
    assert len(result.questions) == 1
    [skipped] = result.skipped
    assert skipped.line == 4 and "{ or } is missing" in skipped.reason


MOODLE_TAG = re.compile(r"\[tag:\s*((?:\\\]|[^\]\n])+?)\s*\]")
"""Moodle's own pattern for a tag mark, which the GIFT reader must agree with."""


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(["[tag:", "\\", "]", "\\]", " ", "\t", "a", "[", ":"]), max_size=14)
)
def test_tag_marks_are_the_ones_moodles_pattern_finds(parts: list[str]) -> None:
    comment = "".join(parts)
    [question] = parse(f"// {comment}\nQ {{T}}")
    assert isinstance(question, MoodleQuestion)
    assert question.tags == [tag.replace("\\]", "]") for tag in MOODLE_TAG.findall(comment)]


@pytest.mark.parametrize(
    "comment",
    [
        pytest.param("[tag:" * 20_000, id="openers-never-closed"),
        pytest.param("[id:" * 20_000, id="id-openers-never-closed"),
        pytest.param("[tag:x" + "a" * 2_000_000 + "]", id="one-long-tag"),
    ],
)
def test_a_hostile_comment_line_reads_in_one_pass(comment: str) -> None:
    """Moodle's backtracking pattern took over a minute on 20,000 unclosed `[tag:` (each scanned
    the rest of the line) and 130 bytes a character on a long tag; the reader takes neither."""
    begun = time.monotonic()
    tracemalloc.start()
    try:
        result = read_gift(f"// {comment}\nQ {{T}}\n".encode(), "comment.gift")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error is None and len(result.questions) == 1
    assert time.monotonic() - begun < 5
    assert peak < 40 * len(comment) + 10_000_000
