"""The JSON Schema of the bank format, made from the model and limited to Draft 7 keywords.

Editors (yaml-language-server among them) understand Draft 7 best, so the model's 2020-12
output is rewritten: `$defs` becomes `definitions`, and the OpenAPI `discriminator` becomes a
plain `oneOf` whose branches each fix `type` with `const`.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://casequiz.dev/bank.schema.json"


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "discriminator":
                continue
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            out["definitions" if key == "$defs" else key] = _rewrite(value)
        return out
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 7) that every bank file satisfies."""
    from casequiz.bank.model import Bank

    schema = _rewrite(Bank.model_json_schema())
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        **schema,
        "title": "casequiz question bank, format 1",
    }


def bank_schema_text() -> str:
    """The schema as committed in `docs/bank.schema.json`: stable key order, final newline."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
