"""A bank read back from the cache is rebuilt without validation, only from the shape it was
written in: an entry of any other shape, even with a digest that matches, is checked again."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casequiz.bank import cache, load
from casequiz.bank.load import check_file
from casequiz.bank.model import ClozeQuestion
from casequiz.bank.trusted import bank_from_cache

DATA = Path(__file__).parent / "data"


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(DATA / "valid", tmp_path / "case")
    return tmp_path / "case" / "all-types.yaml"


def entry_of(case: Path) -> Path:
    [entry] = (case.parents[1] / "cache").glob("*.json")
    return entry


def forge(entry: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite the entry's body through `change`, with a digest that matches it."""
    header, summary, body = entry.read_bytes().split(b"\n", 2)
    data = json.loads(body)
    change(data)
    forged = json.dumps(data).encode()
    fields = json.loads(header)
    fields["body"] = cache.digest(forged)
    entry.write_bytes(b"\n".join((json.dumps(fields).encode(), summary, forged)))


def test_the_rebuilt_bank_is_the_validated_one_down_to_its_reprs(case: Path) -> None:
    cold = check_file(case, need_bank=True).loaded
    warm = check_file(case, need_bank=True).loaded
    assert cold is not None and warm is not None
    assert warm.bank == cold.bank
    assert repr(warm.bank) == repr(cold.bank)  # `1` and `1.0` are equal, not the same
    assert warm.bank.model_dump_json() == cold.bank.model_dump_json()


@pytest.mark.parametrize("light", [False, True])
def test_a_cloze_gets_its_points_from_its_blanks_again(case: Path, light: bool) -> None:
    check_file(case, need_bank=True)
    warm = check_file(case, need_bank=True, light=light).loaded
    assert warm is not None
    [cloze] = [q for q in warm.bank.questions if q.type == "cloze"]
    assert isinstance(cloze, ClozeQuestion) is not light
    assert cloze.points == sum(blank.points for blank in cloze.blanks.values()) > 0


def _drop_prompt(data: dict[str, Any]) -> None:
    del data["questions"][0]["prompt"]


def _add_field(data: dict[str, Any]) -> None:
    data["questions"][0]["colour"] = "red"


def _unknown_type(data: dict[str, Any]) -> None:
    data["questions"][0]["type"] = "essay"


def _blank_of_unknown_type(data: dict[str, Any]) -> None:
    cloze = next(q for q in data["questions"] if q["type"] == "cloze")
    next(iter(cloze["blanks"].values()))["type"] = "drawing"


def _excerpt_not_a_mapping(data: dict[str, Any]) -> None:
    data["questions"][0]["source"] = ["a quote"]


def _points_not_a_number(data: dict[str, Any]) -> None:
    cloze = next(q for q in data["questions"] if q["type"] == "cloze")
    next(iter(cloze["blanks"].values()))["points"] = "many"


@pytest.mark.parametrize("light", [False, True])
@pytest.mark.parametrize(
    "change",
    [
        _drop_prompt,
        _add_field,
        _unknown_type,
        _blank_of_unknown_type,
        _excerpt_not_a_mapping,
        _points_not_a_number,
    ],
)
def test_an_entry_of_another_shape_is_checked_again(
    case: Path,
    change: Callable[[dict[str, Any]], None],
    light: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = check_file(case, need_bank=True, light=light).loaded
    forge(entry_of(case), change)
    cold = []
    real = load._check_cold
    monkeypatch.setattr(load, "_check_cold", lambda *a, **k: cold.append(1) or real(*a, **k))
    again = check_file(case, need_bank=True, light=light).loaded
    assert cold == [1]
    assert again is not None and expected is not None
    assert again.bank == expected.bank


@pytest.mark.parametrize("light", [False, True])
@pytest.mark.parametrize("data", [None, [], {"questions": []}, {"sources": {}, "questions": {}}])
def test_data_that_is_no_bank_gives_none(data: Any, light: bool) -> None:
    assert bank_from_cache(data, light=light) is None
