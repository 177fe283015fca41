"""Hypothesis strategies for valid banks of every question type, shared by the property tests.

A drawn bank is valid by construction: options hold their answers, ids are unique, excerpts cite
defined sources, feedback names real options, and no number is infinite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from casequiz.bank.model import QUESTION_TYPES, Bank

texts = st.text(min_size=1, max_size=30)
_slug_part = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
slugs = st.builds(
    lambda first, rest: first + "".join(sep + part for sep, part in rest),
    _slug_part,
    st.lists(st.tuples(st.sampled_from("-_."), _slug_part), max_size=2),
)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@st.composite
def common_fields(draw: st.DrawFn, source_ids: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"prompt": draw(texts)}
    optional = {
        "topic": texts,
        "tags": st.lists(texts, max_size=3),
        "points": positive,
        "difficulty": st.integers(1, 3),
        "hint": texts,
        "explanation": texts,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    if source_ids and draw(st.booleans()):
        excerpt = st.fixed_dictionaries({"ref": st.sampled_from(source_ids), "quote": texts})
        fields["source"] = draw(st.lists(excerpt, min_size=1, max_size=2))
    return fields


def feedback_for(draw: st.DrawFn, options: list[str]) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(options), unique=True, max_size=len(options)))
    return {option: draw(texts) for option in chosen}


_passage_text = st.text(max_size=15).filter(lambda t: not set(t) & set("{}\\"))
blank_names = st.lists(slugs | st.integers(1, 99).map(str), min_size=1, max_size=4, unique=True)


@st.composite
def blanks(draw: st.DrawFn) -> dict[str, Any]:
    """One blank of a cloze, of any kind, with or without its own points and feedback."""
    kind = draw(st.sampled_from(["short", "numeric", "choice"]))
    blank: dict[str, Any] = {}
    if kind == "short":
        if draw(st.booleans()):
            blank["type"] = "short"
        blank["answer"] = draw(texts)
        blank["accept"] = draw(st.lists(texts, max_size=2))
        blank["match"] = draw(st.sampled_from(["normalized", "exact", "fuzzy"]))
    elif kind == "numeric":
        blank.update(type="numeric", answer=draw(finite))
        blank["tolerance"] = draw(
            st.floats(min_value=0, max_value=1e9) | st.integers(0, 100).map(lambda n: f"{n}%")
        )
        if draw(st.booleans()):
            blank["unit"] = draw(texts)
    else:
        choices = draw(st.lists(texts, min_size=2, max_size=4, unique=True))
        blank.update(type="choice", choices=choices, answer=draw(st.sampled_from(choices)))
    if draw(st.booleans()):
        blank["points"] = draw(positive)
    if draw(st.booleans()):
        blank["feedback"] = draw(texts)
    return blank


@st.composite
def cloze_fields(draw: st.DrawFn, source_ids: list[str]) -> dict[str, Any]:
    """A passage with its blanks in text order, each `{{name}}` once, and their answers."""
    names = draw(blank_names)
    text = "".join(draw(_passage_text) + "{{" + name + "}}" for name in names)
    fields: dict[str, Any] = {
        "text": text + draw(_passage_text),
        "blanks": {name: draw(blanks()) for name in names},
    }
    if source_ids and draw(st.booleans()):
        fields["quotes"] = draw(st.sampled_from(source_ids))
    return fields


@st.composite
def questions(
    draw: st.DrawFn, qid: str, source_ids: list[str], types: Sequence[str] = QUESTION_TYPES
) -> dict[str, Any]:
    kind = draw(st.sampled_from(types))
    question: dict[str, Any] = {"id": qid, "type": kind, **draw(common_fields(source_ids))}
    if kind == "cloze":
        question.pop("points", None)  # a cloze has points per blank
        question.update(draw(cloze_fields(source_ids)))
    elif kind in ("single", "multiple"):
        options = draw(st.lists(texts, min_size=2, max_size=5, unique=True))
        question["options"] = options
        if kind == "single":
            question["answer"] = draw(st.sampled_from(options))
        else:
            question["answers"] = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
            question["scoring"] = draw(st.sampled_from(["partial", "all"]))
        question["feedback"] = feedback_for(draw, options)
    elif kind == "true_false":
        question["answer"] = draw(st.booleans())
    elif kind == "numeric":
        question["answer"] = draw(finite)
        question["tolerance"] = draw(
            st.floats(min_value=0, max_value=1e9)
            | st.integers(0, 100).map(lambda n: f"{n}%")
            | st.decimals(0, 50, places=1).map(lambda d: f"{d}%")
        )
        if draw(st.booleans()):
            question["unit"] = draw(texts)
    elif kind == "short":
        question["answer"] = draw(texts)
        question["accept"] = draw(st.lists(texts, max_size=3))
        question["match"] = draw(st.sampled_from(["normalized", "exact", "fuzzy"]))
    elif kind == "order":
        question["items"] = draw(st.lists(texts, min_size=2, max_size=5, unique=True))
        question["scoring"] = draw(st.sampled_from(["partial", "all"]))
    else:
        rights = draw(st.lists(texts, min_size=2, max_size=4, unique=True))
        lefts = draw(st.lists(texts, min_size=len(rights), max_size=len(rights), unique=True))
        question["pairs"] = dict(zip(lefts, rights, strict=True))
        question["distractors"] = draw(
            st.lists(texts.filter(lambda t: t not in rights), max_size=2, unique=True)
        )
    return question


@st.composite
def bank_data(draw: st.DrawFn, types: Sequence[str] = QUESTION_TYPES) -> dict[str, Any]:
    """The data of a valid bank (as YAML is read) whose questions are of `types`."""
    source = st.fixed_dictionaries(
        {"title": texts},
        optional={
            "outlet": texts,
            "author": texts,
            "published": texts | st.dates().map(str),
            "url": texts,
        },
    )
    sources = draw(st.dictionaries(slugs, source, max_size=3))
    ids = draw(st.lists(slugs, min_size=1, max_size=6, unique=True))
    data: dict[str, Any] = {
        "casequiz": 1,
        "id": draw(slugs),
        "title": draw(texts),
        "sources": sources,
        "questions": [draw(questions(qid, list(sources), types)) for qid in ids],
    }
    if draw(st.booleans()):
        data["description"] = draw(texts)
    if draw(st.booleans()):
        data["language"] = draw(st.sampled_from(["en", "fr", "km"]))
    return data


@st.composite
def banks(draw: st.DrawFn, types: Sequence[str] = QUESTION_TYPES) -> Bank:
    """A valid bank whose questions are of `types` (every type unless told)."""
    return Bank.model_validate(draw(bank_data(types)))
