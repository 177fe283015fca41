"""A bank from the cache as light records (`bank.light`) is the model's bank, field by field.

For every valid bank of the project and for generated ones, the records rebuilt from the cache's
JSON (as either writer of the cache makes it: the model's dump, or the fast path's) hold what
the validated model holds, with the same types (`1` is not `1.0`), the same defaults, reprs and
methods, and behave as the model's objects do: frozen, equal by class and fields, hashed by
value. And a quiz started from the cache draws its first question without importing pydantic.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel, ValidationError

from bank_strategies import banks
from casequiz.bank import model
from casequiz.bank.cloze import cited_excerpts
from casequiz.bank.light import CLASSES, DERIVED, Record, construct
from casequiz.bank.load import check_file, find_bank_files
from casequiz.bank.shapes import SHAPES
from casequiz.bank.trusted import bank_from_cache
from casequiz.quiz.cloze import blank_question
from casequiz.quiz.highlight import answer_spans
from casequiz.quiz.scoring import expected_response, expected_text, score
from casequiz.quiz.template import how_to_answer

ROOT = Path(__file__).resolve().parents[1]
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same(light: Any, validated: Any, where: str = "bank") -> None:
    """`light` holds exactly what the model's `validated` holds, down to every excerpt, blank
    and figure: a record of the model's name with each of its fields, in its order."""
    if isinstance(validated, BaseModel):
        assert isinstance(light, Record), where
        assert type(light).__name__ == type(validated).__name__, where
        assert set(vars(light)) == set(type(validated).model_fields), where
        for name in type(validated).model_fields:
            assert_same(getattr(light, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(validated, list | dict):
        assert type(light) is type(validated), where
        if isinstance(validated, dict):
            assert list(light) == list(validated), where  # the same keys, in the same order
        assert len(light) == len(validated), where
        pairs = validated.items() if isinstance(validated, dict) else enumerate(validated)
        for key, value in pairs:
            assert_same(light[key], value, f"{where}[{key!r}]")
    else:
        assert type(light) is type(validated), where
        assert light == validated, where


def rebuilt(bank: model.Bank) -> Any:
    """The bank as a quiz reads it from the cache's JSON of it (the model's dump)."""
    light = bank_from_cache(json.loads(bank.model_dump_json()), light=True)
    assert light is not None
    return light


def valid_project_banks() -> list[Path]:
    found = []
    for path in find_bank_files([ROOT / "tests", ROOT / "questions"]):
        if check_file(path, use_cache=False, need_bank=True).loaded is not None:
            found.append(path)
    return found


def test_each_record_class_has_its_models_fields_in_order() -> None:
    assert set(CLASSES) == set(SHAPES)
    for name, cls in CLASSES.items():
        fields = getattr(model, name).model_fields
        assert cls._fields == tuple(fields), name
        excluded = {field for field, info in fields.items() if info.exclude}
        assert excluded == ({DERIVED[name]} if name in DERIVED else set()), name


@pytest.mark.parametrize("path", valid_project_banks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_valid_project_bank_rebuilds_as_the_model_holds_it(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated = check_file(path, use_cache=False, need_bank=True).loaded
    assert validated is not None
    assert_same(rebuilt(validated.bank), validated.bank)
    cold = check_file(path, use_cache=False, need_bank=True, light=True).loaded
    assert cold is not None
    if isinstance(cold.bank, Record) or path.is_relative_to(ROOT / "questions"):
        assert_same(cold.bank, validated.bank)  # the fields the fast path took, as records
    else:  # a bank the fast path leaves to the model
        assert cold.bank == validated.bank
    assert cold.source_files == validated.source_files
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "fast"))
    check_file(path)  # the cache written by the fast path, without the model
    fast = check_file(path, need_bank=True, light=True).loaded
    assert fast is not None
    assert_same(fast.bank, validated.bank)
    assert repr(fast.bank) == repr(validated.bank)
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "model"))
    check_file(path, need_bank=True)  # the cache written from the model
    warm = check_file(path, need_bank=True, light=True).loaded
    assert warm is not None
    assert_same(warm.bank, validated.bank)
    assert warm.source_files == validated.source_files


@PROPERTY
@given(banks())
def test_a_generated_bank_rebuilds_as_the_model_holds_it(bank: model.Bank) -> None:
    light = rebuilt(bank)
    assert_same(light, bank)
    assert repr(light) == repr(bank)
    assert str(light.questions[0]) == str(bank.questions[0])
    assert light.topics() == bank.topics()
    assert [s.citation() for s in light.sources.values()] == [
        s.citation() for s in bank.sources.values()
    ]
    assert rebuilt(bank) == light  # equal by class and fields


@PROPERTY
@given(banks())
def test_a_record_of_its_required_fields_has_the_models_defaults(bank: model.Bank) -> None:
    light = rebuilt(bank)
    for mine, theirs in zip(light.questions, bank.questions, strict=True):
        required = {n for n, f in type(theirs).model_fields.items() if f.is_required()}
        given_fields = {name: getattr(mine, name) for name in required}
        made = type(mine)(**given_fields)
        expected = type(theirs).model_validate({n: getattr(theirs, n) for n in required})
        assert_same(made, expected, theirs.id)


@PROPERTY
@given(banks(types=["cloze"]))
def test_a_blank_is_scored_as_a_question_of_its_own_kind(bank: model.Bank) -> None:
    light = rebuilt(bank)
    for mine, theirs in zip(light.questions, bank.questions, strict=True):
        for name in theirs.blanks:
            made, expected = blank_question(mine, name), blank_question(theirs, name)
            assert isinstance(made, Record) and isinstance(expected, BaseModel)
            assert_same(made, expected, f"{theirs.id}.{name}")


@PROPERTY
@given(banks())
def test_the_engine_reads_a_record_as_it_reads_the_model(bank: model.Bank) -> None:
    """Scoring, the expected answer, the sheet's instructions and the excerpt's highlights are
    the same for a question of either kind."""
    light = rebuilt(bank)
    for mine, theirs in zip(light.questions, bank.questions, strict=True):
        assert expected_text(mine) == expected_text(theirs)
        assert expected_response(mine) == expected_response(theirs)
        assert score(mine, expected_response(mine)) == score(theirs, expected_response(theirs))
        assert how_to_answer(mine) == how_to_answer(theirs)
        for excerpt in cited_excerpts(theirs):
            quote = excerpt.quote
            assert answer_spans(mine, quote) == answer_spans(theirs, quote)
        assert [(e.ref, e.quote) for e in cited_excerpts(mine)] == [
            (e.ref, e.quote) for e in cited_excerpts(theirs)
        ]


def test_a_record_is_frozen_equal_by_value_and_hashed_as_the_model_is() -> None:
    validated = model.Bank.model_validate(
        {
            "casequiz": 1,
            "id": "b",
            "title": "B",
            "sources": {"memo": {"title": "A memo", "published": "2020-08"}},
            "questions": [
                {
                    "id": "q1",
                    "type": "single",
                    "prompt": "Which?",
                    "options": ["a", "b"],
                    "answer": "a",
                    "source": {"ref": "memo", "quote": "a"},
                }
            ],
        }
    )
    light = rebuilt(validated)
    question, excerpt = light.questions[0], light.questions[0].source[0]
    with pytest.raises(AttributeError):
        question.prompt = "Changed?"
    with pytest.raises(AttributeError):
        del excerpt.quote
    with pytest.raises(ValidationError):  # the model refuses too, in its own words
        validated.questions[0].prompt = "Changed?"
    same = construct(excerpt, "Excerpt", ref="memo", quote="a")
    assert same == excerpt and hash(same) == hash(excerpt)
    assert construct(excerpt, "Excerpt", ref="memo", quote="b") != excerpt
    assert excerpt != validated.questions[0].source[0]  # a record is not the model's object
    assert question != CLASSES["MultipleQuestion"].of(dict(vars(question)))  # another class
    for unhashable in (question, validated.questions[0]):  # it holds lists
        with pytest.raises(TypeError):
            hash(unhashable)
    assert isinstance(construct(validated, "Excerpt", ref="memo", quote="a"), model.Excerpt)


def test_a_record_names_a_field_it_has_not_or_lacks() -> None:
    with pytest.raises(TypeError, match="has no field colour"):
        CLASSES["Excerpt"](ref="memo", quote="a", colour="red")
    with pytest.raises(TypeError, match="needs the field quote"):
        CLASSES["Excerpt"](ref="memo")


# -- A quiz started from the cache -----------------------------------------------------------


def load_benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"light_benchmark_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_practice_from_the_cache_draws_its_first_question_without_pydantic(
    tmp_path: Path,
) -> None:
    """`casequiz practice` on the bundled banks, through the CLI's `main` as the benchmark runs
    it: neither the first time (the fast path validates the banks without the model), nor from
    the cache."""
    startup = load_benchmark("startup")
    env = {
        **os.environ,
        "CASEQUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "CASEQUIZ_RESULTS_DIR": str(tmp_path / "results"),
        "CASEQUIZ_CONFIG_DIR": str(tmp_path / "config"),
    }
    store, report = str(tmp_path / "practice.db"), tmp_path / "drawn"
    cold = startup.imported_by_then(startup.FIRST_QUESTION, store, env=env, report=report)
    warm = startup.imported_by_then(startup.FIRST_QUESTION, store, env=env, report=report)
    assert "yaml" in cold and "yaml" not in warm  # read and checked, then from the cache
    for imported in (cold, warm):
        assert {"casequiz", "textual"} <= imported
        assert not imported & {"pydantic", "pydantic_core"}
