"""Which words of an excerpt carry a question's answer, so feedback can point at the evidence.

A student who got an answer wrong reads the excerpt to learn why; highlighting the words that
hold the answer (the option's text, the figure, the items put in order) shows where to look.
Matching forgives what copying and typing change (case, accents, typographic quotes, hyphens
and punctuation) and nothing else. Pure and UI-free: the terminal UI styles the spans, the plain
mode may mark them, and both are tested here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from casequiz.quiz.numbers import NumberError, read_number, within

if TYPE_CHECKING:
    from casequiz.bank.model import NumericQuestion

Spans = list[tuple[int, int]]

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d(?:[\d,.\u00a0\u202f\u2009]*\d)?")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥៛]|\b(?:US|U\.S\.)\s?\$?)\s?$")
_WORD_AFTER = re.compile(r"\s*(%|[^\W\d_]+)")
_STOPWORD_TEXT = (
    "a an and are as at be been but by for from had has have he her his in is it its of on "
    "or that the their them they this to was were which who will with not no yes true false "
    "than then there these those what when where why how do does did so if into out up"
)
"""Words too common to point at an answer."""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _key(word: str) -> str:
    """A word as compared: casefolded, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[tuple[str, int, int]]:
    """The words of `text` with their offsets, in comparable form."""
    return [(_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _phrase_spans(phrase: str, quote_words: Sequence[tuple[str, int, int]]) -> Spans:
    """Every run of the quote's words that spells `phrase` word for word."""
    wanted = [key for key, _, _ in _words(phrase)]
    if not wanted:
        return []
    size = len(wanted)
    return [
        (quote_words[i][1], quote_words[i + size - 1][2])
        for i in range(len(quote_words) - size + 1)
        if [key for key, _, _ in quote_words[i : i + size]] == wanted
    ]


def _content_word_spans(phrase: str, quote_words: Sequence[tuple[str, int, int]]) -> Spans:
    """The quote's occurrences of the phrase's meaningful words (not "the", "of", ...)."""
    keys = {key for key, _, _ in _words(phrase) if key not in _STOPWORDS and len(key) > 2}
    keys |= {key for key, _, _ in _words(phrase) if key.isdigit()}
    return [(start, end) for key, start, end in quote_words if key in keys]


def _text_spans(phrases: Iterable[str], quote: str) -> Spans:
    """Each phrase where the quote spells it out, else its meaningful words where they appear."""
    quote_words = _words(quote)
    spans: Spans = []
    for phrase in phrases:
        found = _phrase_spans(phrase, quote_words)
        spans.extend(found or _content_word_spans(phrase, quote_words))
    return spans


def _numeric_spans(question: NumericQuestion, quote: str) -> Spans:
    """The figures of the quote that read as the answer, with their currency and scale words.

    Each figure is read as a response would be (`$5.8 billion`, `5,800 million`), growing the
    candidate word by word while it still reads; an exact figure wins over one that is only
    within the tolerance.
    """
    exact: Spans = []
    close: Spans = []
    answer = Decimal(repr(float(question.answer)))
    for match in _NUMBER.finditer(quote):
        start, end = match.span()
        currency = _CURRENCY_BEFORE.search(quote, 0, start)
        if currency is not None:
            start = currency.start()
        best: tuple[int, Decimal] | None = None
        stop = end
        for _ in range(4):
            try:
                value = read_number(quote[start:stop], question.unit).value
            except NumberError:
                value = None
            if value is not None and (best is None or value == answer or best[1] != answer):
                best = (stop, value)
            following = _WORD_AFTER.match(quote, stop)
            if following is None:
                break
            stop = following.end()
        if best is None:
            continue
        if best[1] == answer:
            exact.append((start, best[0]))
        elif within(best[1], question.answer, question.tolerance):
            close.append((start, best[0]))
    return exact or close


def _merge(spans: Iterable[tuple[int, int]], quote: str) -> Spans:
    """Sorted spans, overlapping ones (or ones only white space apart) joined into one."""
    merged: Spans = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not quote[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def answer_spans(question: object, quote: str) -> list[tuple[int, int]]:
    """Where in `quote` the words that carry `question`'s answer stand (start, end exclusive).

    Choice questions point at the right options, short answers at any accepted form, numeric
    questions at the figure, order and match questions at their items and pairs, and a
    true/false statement at the words it shares with the excerpt. Empty when nothing matches.
    """
    kind = getattr(question, "type", None)  # a question of the model or a light record
    q: Any = question
    if kind == "single":
        spans = _text_spans([q.answer], quote)
    elif kind == "multiple":
        spans = _text_spans(q.answers, quote)
    elif kind == "short":
        quote_words = _words(quote)
        spans = [s for text in (q.answer, *q.accept) for s in _phrase_spans(text, quote_words)]
        spans = spans or _content_word_spans(q.answer, quote_words)
    elif kind == "numeric":
        spans = _numeric_spans(q, quote)
    elif kind == "order":
        spans = _text_spans(q.items, quote)
    elif kind == "match":
        spans = _text_spans([*q.pairs, *q.pairs.values()], quote)
    elif kind == "true_false":
        spans = _content_word_spans(q.prompt, _words(quote))
    elif kind == "cloze":  # each blank's answer, where the quote has it
        words = [
            text
            for blank in q.blanks.values()
            if blank.type != "numeric"
            for text in (blank.answer, *getattr(blank, "accept", ()))
        ]
        spans = _text_spans(words, quote)
    else:
        spans = []
    return _merge(spans, quote)
