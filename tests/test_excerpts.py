"""Finding an excerpt in its source: only spacing and quotation marks are forgiven."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from casequiz.bank.excerpts import _QUOTES, SourceText, Span, normalize

ARTICLE = "Cambodia  benefits from the\n\u201cEverything\u00a0but Arms\u201d (EBA)\ninitiative.\n"

pieces = st.sampled_from(["a", "b", "é", " ", "\n", "\u00a0", "\t", "\u201c", "\u2019", '"', "."])
texts = st.lists(pieces, max_size=40).map("".join)


def test_a_quote_copied_with_other_spacing_and_quotes_is_found() -> None:
    source = SourceText(ARTICLE)
    quote = 'the "Everything but Arms" (EBA) initiative.'
    span = source.find(quote)
    assert span == Span(ARTICLE.index("the"), len(ARTICLE) - 1)
    assert source.contains(quote)


def test_a_changed_word_letter_or_punctuation_is_not_found() -> None:
    source = SourceText(ARTICLE)
    for quote in ("the Everything but Arms", "Cambodia benefit from", "(EBA) initiative!", " "):
        assert source.find(quote) is None
        assert not source.contains(quote)


@given(texts, st.data())
def test_any_slice_of_a_text_is_found_where_it_stands(text: str, data: st.DataObject) -> None:
    source = SourceText(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    span = source.find(quote)
    if not normalize(quote):
        assert span is None
        return
    assert span is not None
    assert source.contains(quote)
    assert normalize(text[span.start : span.end]) == normalize(quote)


@given(texts)
def test_the_index_has_one_entry_per_normalised_character(text: str) -> None:
    source = SourceText(text)
    index = source._index()
    assert len(index) == len(source.normalized)
    assert index == sorted(set(index))
    assert source.normalized.strip() == normalize(text)


_SPACES = st.sampled_from(" \t\n\r\x0b\x0c\x85\xa0\u2003\u2028ab'’“")


@given(st.text(alphabet=_SPACES, max_size=30) | st.text(alphabet=" \nab'.", max_size=30))
def test_text_is_normalised_as_white_space_runs_made_one_space(text: str) -> None:
    """What `\\s+` made one space gives (the rule `find`'s index follows), whether the text
    takes the way of ASCII spaces and line breaks or not."""
    spaced = re.sub(r"\s+", " ", text.translate(_QUOTES))
    assert SourceText(text).normalized == (spaced[1:] if spaced[:1] == " " else spaced)
    assert normalize(text) == spaced.strip()


@given(texts, texts)
def test_a_quote_is_contained_exactly_when_its_normal_form_is_in_the_texts(
    text: str, quote: str
) -> None:
    """`contains` looks in the text with its line breaks made spaces first; that never finds
    what normalising hides."""
    wanted = normalize(quote)
    assert SourceText(text).contains(quote) == (bool(wanted) and wanted in normalize(text))


@given(st.text(alphabet=" \nab.", max_size=40), st.lists(texts, max_size=6))
def test_one_text_answers_each_quote_alike_whatever_was_asked_before(
    text: str, quotes: list[str]
) -> None:
    """A wrapped ASCII text (the common source) asked for many quotes in turn, the first ones
    found without normalising it and a later one after: each answer as if asked alone."""
    source = SourceText(text)
    for quote in [*quotes, text]:
        wanted = normalize(quote)
        assert source.contains(quote) == (bool(wanted) and wanted in normalize(text))


def test_a_quote_across_a_line_break_is_found_beside_a_run_of_spaces() -> None:
    source = SourceText("One line\nand the next;  then more\n")
    assert source.contains("line and the next;")
    assert source.contains("next; then more")
    assert not source.contains("line and the next; then less")
