"""The JSON Schema: current, Draft 7 only, and in agreement with the loader about bank shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from jsonschema import Draft7Validator

from bank_strategies import banks
from casequiz.bank.dump import dump_bank
from casequiz.bank.model import Bank
from casequiz.bank.schema import bank_schema_text
from casequiz.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "docs" / "bank.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA)
CORPUS = ROOT / "tests" / "data" / "invalid"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())

DRAFT7_KEYWORDS = {
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly",
    "writeOnly", "examples", "definitions", "type", "enum", "const", "multipleOf", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains",
    "maxProperties", "minProperties", "required", "properties", "patternProperties",
    "additionalProperties", "dependencies", "propertyNames", "if", "then", "else", "allOf",
    "anyOf", "oneOf", "not", "format", "contentMediaType", "contentEncoding",
}  # fmt: skip
LATER_KEYWORDS = {
    "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
    "$vocabulary", "discriminator", "prefixItems", "unevaluatedItems",
    "unevaluatedProperties", "dependentRequired", "dependentSchemas", "minContains",
    "maxContains", "contentSchema", "deprecated",
}  # fmt: skip
_NAMED = {"properties", "patternProperties", "definitions"}
"""Keywords whose value maps names to subschemas: the names are not keywords."""


def as_json(data: Any) -> Any:
    """YAML data as an editor's schema check sees it: mapping keys are text in JSON, so a
    numbered cloze blank (`1:`) is the key "1"."""
    if isinstance(data, dict):
        return {
            str(k) if isinstance(k, int) and not isinstance(k, bool) else k: as_json(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [as_json(item) for item in data]
    return data


def subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """Every schema object inside `schema`, itself included."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key, value in schema.items():
        if key in _NAMED:
            for sub in value.values():
                yield from subschemas(sub)
        elif key in ("enum", "const", "default", "examples", "required"):
            continue
        elif isinstance(value, list):
            for sub in value:
                yield from subschemas(sub)
        elif isinstance(value, dict):
            yield from subschemas(value)


def valid_bank_files() -> list[Path]:
    files = [*(ROOT / "tests" / "data" / "valid").rglob("*.yaml")]
    files += [*(ROOT / "tests" / "data" / "cloze").rglob("*.yaml")]
    files += [*(ROOT / "questions").rglob("*.yaml")]
    return sorted(files)


def test_the_committed_schema_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == SCHEMA_FILE.read_text(encoding="utf-8")
    assert printed == bank_schema_text()


def test_the_schema_is_a_draft7_schema() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(SCHEMA)


def test_the_schema_uses_only_draft7_keywords() -> None:
    used = {key for schema in subschemas(SCHEMA) for key in schema}
    assert used <= DRAFT7_KEYWORDS, used - DRAFT7_KEYWORDS
    assert not used & LATER_KEYWORDS
    assert "oneOf" in used  # the question types, one branch each, told apart by `type`


def test_every_reference_points_into_definitions() -> None:
    for schema in subschemas(SCHEMA):
        if "$ref" in schema:
            # In Draft 7 the siblings of $ref are ignored: nothing may rely on them.
            assert set(schema) == {"$ref"}, schema
            prefix, _, name = schema["$ref"].rpartition("/")
            assert prefix == "#/definitions"
            assert name in SCHEMA["definitions"]


def test_each_question_branch_fixes_its_type() -> None:
    branches = SCHEMA["properties"]["questions"]["items"]["oneOf"]
    types = [
        SCHEMA["definitions"][branch["$ref"].rpartition("/")[2]]["properties"]["type"]["const"]
        for branch in branches
    ]
    assert types == [
        "single", "multiple", "true_false", "numeric", "short", "order", "match", "cloze"
    ]  # fmt: skip


@pytest.mark.parametrize("path", valid_bank_files(), ids=lambda p: p.name)
def test_the_schema_accepts_every_valid_bank(path: Path) -> None:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert not list(VALIDATOR.iter_errors(data))


def test_there_are_valid_banks_to_check() -> None:
    assert len(valid_bank_files()) >= 2


STRUCTURAL = sorted(name for name, entry in EXPECTED.items() if entry.get("schema") == "reject")
SEMANTIC = sorted(name for name, entry in EXPECTED.items() if entry.get("schema") == "accept")


def test_the_corpus_has_both_kinds_of_mistake() -> None:
    assert len(STRUCTURAL) >= 20
    assert len(SEMANTIC) >= 15


@pytest.mark.parametrize("name", STRUCTURAL)
def test_the_schema_rejects_a_bank_of_the_wrong_shape(name: str) -> None:
    data = as_json(yaml.safe_load((CORPUS / name).read_bytes()))
    assert not VALIDATOR.is_valid(data)


@pytest.mark.parametrize("name", SEMANTIC)
def test_the_schema_accepts_a_bank_whose_mistake_only_casequiz_sees(name: str) -> None:
    """Duplicate ids, answers that are not options, bad quotes: beyond what a schema says."""
    data = as_json(yaml.safe_load((CORPUS / name).read_bytes()))
    assert VALIDATOR.is_valid(data)


@settings(max_examples=100, deadline=None)
@given(banks())
def test_the_schema_accepts_every_bank_the_model_accepts(bank: Bank) -> None:
    assert VALIDATOR.is_valid(as_json(yaml.safe_load(dump_bank(bank))))
