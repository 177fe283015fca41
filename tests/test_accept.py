"""The validator's fast path (`bank.accept`) against the model: the same answer, always.

For banks drawn valid, and drawn valid then spoiled in small ways (a wrong type, a bool for a
number, an extra or missing key, an empty text, a bad slug, an int key, a date, an infinite
figure), checking without the model must give exactly the problems the model's path gives; and
whatever the fast path accepts, the model accepts too, into the same bank. The same over every
bank file of the project and every bank the corpora import into.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import math
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank_strategies import bank_data
from casequiz.bank.accept import Fields, accept, as_data, body_json
from casequiz.bank.load import (
    check_file,
    find_bank_files,
    quick_validate_data,
    validate_data,
)
from casequiz.bank.model import Bank
from casequiz.bank.names import BLANK_NAME, SLUG, full_match
from casequiz.bank.schema import bank_schema
from casequiz.bank.shapes import SHAPES, derive
from casequiz.bank.sources import check_raw_sources, check_sources
from casequiz.bank.summary import summary_data

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_names = itertools.count()


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for every example (hypothesis runs many examples per test function)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def test_the_shapes_are_the_models() -> None:
    """`SHAPES` is what the model's schema says, so the fast path checks what the model does."""
    assert derive(bank_schema()) == SHAPES


# -- Spoiling a valid bank -------------------------------------------------------------------

ODD_VALUES: list[Any] = [
    True,
    False,
    0,
    1,
    2,
    3,
    4,
    -1,
    0.0,
    -0.0,
    1.5,
    -2.5,
    math.inf,
    -math.inf,
    math.nan,
    2**53,
    2**53 + 1,
    10**30,
    "",
    " ",
    "x",
    "Bad Slug",
    "a-b",
    "1",
    "01",
    "5%",
    "-5%",
    "{{x}}",
    "short",
    "numeric",
    "choice",
    "cloze",
    None,
    [],
    ["a"],
    ["a", "a"],
    [1],
    {},
    {"a": "b"},
    {1: "a"},
    {"ref": "s", "quote": "q"},
    {"answer": "x"},
    {"type": "choice", "choices": ["a", "b"], "answer": "a"},
    dt.date(2019, 5, 1),
    dt.datetime(2019, 5, 1, 12, 30),
]
ODD_KEYS: list[Any] = [
    "extra",
    "points",
    "type",
    "options",
    "answer",
    "source",
    "quotes",
    "file",
    1,
    0,
    True,
    None,
    "1",
    "Bad Key",
]


def places(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of the data, the root's fields first."""
    found: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(places(value))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            found.extend(places(value))
    return found


@st.composite
def spoiled(draw: st.DrawFn) -> dict[str, Any]:
    """A valid bank's data with one to three small changes, most of which make it invalid."""
    data = copy.deepcopy(draw(bank_data()))
    for _ in range(draw(st.integers(1, 3))):
        where = places(data)
        container, key = where[draw(st.integers(0, len(where) - 1))]
        change = draw(st.sampled_from(["set", "drop", "add", "rekey"]))
        if change == "set":
            container[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif change == "drop":
            del container[key]
        elif isinstance(container, dict):
            if change == "add":
                container[draw(st.sampled_from(ODD_KEYS))] = copy.deepcopy(
                    draw(st.sampled_from(ODD_VALUES))
                )
            else:
                value = container.pop(key)
                new = (
                    int(key)
                    if isinstance(key, str) and key.isdigit()
                    else draw(st.sampled_from(ODD_KEYS))
                )
                container[new] = value
    return data


def checked(
    data: dict[str, Any], folder: Path, validate: Callable[..., tuple[Any, list[Any]]]
) -> tuple[Any, list[Any]]:
    """What one path (`validate_data` or `quick_validate_data`) finds in `data`: its bank, and
    its problems with the excerpts', as `load` puts them together."""
    bank, problems = validate(data, folder)
    bank_file = folder / "bank.yaml"
    if bank is not None:
        problems += check_sources(bank, bank_file, "bank.yaml", None).problems
    else:
        problems += check_raw_sources(data, bank_file, None).problems
    return bank, problems


def assert_same_answer(data: dict[str, Any], folder: Path) -> Fields | None:
    """Both paths find the same problems; what the fast path accepts, the model accepts into
    the same bank, with the same JSON for the cache and the same summary."""
    accepted = accept(copy.deepcopy(data))
    model_bank, model_problems = checked(copy.deepcopy(data), folder, validate_data)
    _, fast_problems = checked(copy.deepcopy(data), folder, quick_validate_data)
    assert fast_problems == model_problems
    if accepted is None:
        return None
    bank = Bank.model_validate(copy.deepcopy(data))  # never accepted what the model rejects
    assert model_bank == bank
    assert as_data(accepted) == bank.model_dump(mode="json")
    assert Bank.model_validate_json(body_json(accepted)) == bank
    assert summary_data(accepted) == summary_data(bank)
    assert json.dumps(summary_data(accepted)) == json.dumps(summary_data(bank))
    return accepted


@PROPERTY
@given(data=bank_data())
def test_every_valid_bank_is_accepted_as_the_model_reads_it(
    data: dict[str, Any], folder: Path
) -> None:
    assert assert_same_answer(data, folder) is not None


@PROPERTY
@given(data=spoiled())
def test_a_spoiled_bank_gets_the_models_answer(data: dict[str, Any], folder: Path) -> None:
    assert_same_answer(data, folder)


@PROPERTY
@given(data=spoiled())
def test_a_spoiled_bank_file_gets_the_models_diagnostics(
    data: dict[str, Any], folder: Path
) -> None:
    """End to end, as `validate` reads a file: the same diagnostics, bank id and count."""
    path = folder / f"bank-{next(_names)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert_same_file_result(path, None)


def assert_same_file_result(path: Path, sources_dir: Path | None) -> None:
    model = check_file(path, use_cache=False, need_bank=True, sources_dir=sources_dir)
    fast = check_file(path, use_cache=False, sources_dir=sources_dir)
    assert fast.diagnostics == model.diagnostics
    assert (fast.bank_id, fast.questions) == (model.bank_id, model.questions)


# -- Real banks ------------------------------------------------------------------------------


def project_banks() -> list[Path]:
    return find_bank_files([ROOT / "tests", ROOT / "questions"])


@pytest.mark.parametrize("path", project_banks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_project_bank_gets_the_models_answer(path: Path) -> None:
    assert_same_file_result(path, None)
    if path.is_relative_to(ROOT / "questions"):
        assert_same_file_result(path, SHARED / "cases" / "cambodia")


def test_the_bundled_banks_take_the_fast_path() -> None:
    """Not a vacuous comparison: valid banks are accepted without the model."""
    from casequiz.bank.yamlread import read_yaml

    bundled = find_bank_files([ROOT / "questions"])
    assert bundled
    for path in bundled:
        data = read_yaml(str(path), path.read_bytes()).data
        assert accept(data) is not None, path


def corpus_banks() -> list[tuple[str, dict[str, Any]]]:
    """Every corpus file the importers read, as the bank data `casequiz bank import` makes."""
    from casequiz.interop.build import import_files
    from casequiz.interop.formats import by_extension, readable

    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((SHARED / "corpora").rglob("*")):
        fmt = by_extension(path, readable()) if path.is_file() else None
        if fmt is None:
            continue
        built, _ = import_files([(path.name, path.read_bytes())], fmt.name, "corpus", path.stem)
        found.append((str(path.relative_to(SHARED)), built.data))
    return found


def test_every_corpus_bank_gets_the_models_answer(folder: Path) -> None:
    banks = corpus_banks()
    assert banks
    accepted = sum(assert_same_answer(data, folder) is not None for _, data in banks)
    assert accepted > 0


@given(
    st.lists(
        st.sampled_from(["a", "z", "0", "9", "1", "-", "_", ".", "A", "é", "\n", " "]), max_size=8
    ).map("".join)
)
def test_a_name_is_checked_as_its_pattern_checks_it(text: str) -> None:
    """The names' patterns, checked by `names.full_match` without `re`, as `re` checks them."""
    for pattern in (SLUG, BLANK_NAME):
        check = full_match(pattern)
        assert check is not None
        assert check(text) == bool(re.fullmatch(pattern, text))
