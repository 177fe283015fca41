"""Properties of the loader: any input gives a bank or diagnostics, and a dumped bank loads back.

The fuzzing half feeds text, bytes, arbitrary YAML and valid banks with one field spoiled to the
loader; the only acceptable outcomes are a bank, a `CheckResult` with diagnostics, or `BankError`.
The round-trip half builds valid banks of every question type, writes them with `dump_bank` and
loads the text again.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.bank.codes import CODES
from casequiz.bank.diagnostics import BankError, Diagnostic
from casequiz.bank.dump import dump_bank
from casequiz.bank.load import CheckResult, check_file, load_banks
from casequiz.bank.model import SLUG, Bank
from casequiz.bank.yamlread import read_yaml

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_names = itertools.count()


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for every example (hypothesis runs many examples per test function)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def write(folder: Path, raw: bytes) -> Path:
    path = folder / f"bank-{next(_names)}.yaml"
    path.write_bytes(raw)
    return path


def line_count(raw: bytes) -> int:
    """An upper bound of the lines YAML sees: it also breaks lines at CR, NEL, LS and PS."""
    return len(raw.decode("utf-8", "replace").splitlines()) + 1


def assert_well_formed(diagnostic: Diagnostic, lines: int) -> None:
    assert diagnostic.code in CODES, diagnostic
    assert 1 <= diagnostic.line <= lines, diagnostic
    assert diagnostic.col >= 1, diagnostic
    assert diagnostic.message and "\n" not in diagnostic.message, diagnostic


def check_any(folder: Path, raw: bytes) -> CheckResult:
    """`check_file` on `raw`: it must return, with sound diagnostics, and never raise."""
    result = check_file(write(folder, raw), use_cache=False, need_bank=True)
    for diagnostic in result.diagnostics:
        assert_well_formed(diagnostic, line_count(raw))
    assert (result.loaded is None) == bool(result.errors)
    return result


def read_any(raw: bytes) -> None:
    """`read_yaml` on `raw`: plain data, or `BankError` with sound diagnostics."""
    try:
        read_yaml("fuzz.yaml", raw)
    except BankError as exc:
        assert exc.diagnostics
        for diagnostic in exc.diagnostics:
            assert_well_formed(diagnostic, line_count(raw))


# -- Fuzzing ---------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)
bank_keys = st.sampled_from(
    [
        "casequiz",
        "id",
        "title",
        "sources",
        "questions",
        "type",
        "prompt",
        "options",
        "answer",
        "answers",
        "items",
        "pairs",
        "source",
        "ref",
        "quote",
        "file",
        "tolerance",
        "points",
        "feedback",
        "distractors",
    ]
)


@FUZZ
@given(st.text())
def test_any_text_gives_data_or_diagnostics(text: str) -> None:
    read_any(text.encode())


@FUZZ
@given(st.binary())
def test_any_bytes_give_data_or_diagnostics(raw: bytes) -> None:
    read_any(raw)


@FUZZ
@given(st.text())
def test_any_text_checks_without_exception(folder: Path, text: str) -> None:
    check_any(folder, text.encode())


@FUZZ
@given(yaml_values)
def test_any_yaml_checks_without_exception(folder: Path, value: Any) -> None:
    check_any(folder, yaml.safe_dump(value, allow_unicode=True).encode())


@FUZZ
@given(st.dictionaries(bank_keys, yaml_values, max_size=6))
def test_any_mapping_of_bank_keys_checks_without_exception(
    folder: Path, value: dict[str, Any]
) -> None:
    check_any(folder, yaml.safe_dump(value, allow_unicode=True).encode())


# -- Valid banks -----------------------------------------------------------------------------

texts = st.text(min_size=1, max_size=30)
slugs = st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) <= 20)
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


@st.composite
def questions(draw: st.DrawFn, qid: str, source_ids: list[str]) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(["single", "multiple", "true_false", "numeric", "short", "order", "match"])
    )
    question: dict[str, Any] = {"id": qid, "type": kind, **draw(common_fields(source_ids))}
    if kind in ("single", "multiple"):
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
def banks(draw: st.DrawFn) -> Bank:
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
        "questions": [draw(questions(qid, list(sources))) for qid in ids],
    }
    if draw(st.booleans()):
        data["description"] = draw(texts)
    if draw(st.booleans()):
        data["language"] = draw(st.sampled_from(["en", "fr", "km"]))
    return Bank.model_validate(data)


@settings(max_examples=200, deadline=None)
@given(banks())
def test_a_dumped_bank_loads_back_equal(folder: Path, bank: Bank) -> None:
    path = write(folder, dump_bank(bank).encode())
    result = check_file(path, use_cache=False, need_bank=True)
    assert result.errors == []
    assert result.loaded is not None
    assert result.loaded.bank == bank


@settings(max_examples=50, deadline=None)
@given(banks())
def test_a_dumped_bank_loads_back_through_load_banks(folder: Path, bank: Bank) -> None:
    [loaded] = load_banks([write(folder, dump_bank(bank).encode())], use_cache=False)
    assert loaded.bank == bank


# -- Valid banks with one thing spoiled ------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def spoiled_banks(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = draw(banks()).model_dump(mode="json", exclude_defaults=True)
    path = draw(st.sampled_from([p for p in _paths(data) if p]))
    parent = data
    for item in path[:-1]:
        parent = parent[item]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(yaml_values)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = draw(yaml_values)
    else:
        parent.append(draw(yaml_values))
    return data


@settings(max_examples=300, deadline=None)
@given(spoiled_banks())
def test_a_spoiled_bank_checks_without_exception(folder: Path, data: dict[str, Any]) -> None:
    check_any(folder, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())
