"""Reading the results store's JSON columns in SQLite, every character kept.

`store.reportquery`'s SQL reads the plans, the responses and its lists of attempts with SQLite's
`json_each` and `json_extract`, fast, but both end a text at an escaped NUL (`\\u0000`): JSON
can hold that character, and a typed response or a hand-made result file's id may. A document
that holds the escape is read by Python's `json` instead, through the SQL function
`add_functions` gives each connection as it opens (`Store`); the rest, nearly all, by SQLite.
This is the SQLite-specific part of the report queries, for a port to replace in one place.
"""

from __future__ import annotations

import sqlite3

from casequiz.records import json_text

__all__ = [
    "IN_JSON_LIST",
    "IN_JSON_LIST_WITH_NUL",
    "JSON_AT",
    "PLAN_BANK",
    "PLAN_ENTRIES",
    "PLAN_NUL",
    "PLAN_QUESTION",
    "PLAN_SLOT",
    "add_functions",
    "extract",
    "plan_entry",
    "plan_field_at_slot",
    "string_text",
]

# `attempts.plan` is a JSON array of {"bank", "question", ...}, one per slot; `attempts.banks` a
# JSON array of {"id", "title", "hash", "path"}; `answers.response` the response's compact JSON.

JSON_AT = "casequiz_json_at"
"""The SQL function `add_functions` gives a connection: `json_extract` by Python's `json`, which
keeps every character of a text, NUL included (`_json_at`)."""

NUL_ESCAPE = "'\\u0000'"
"""How JSON writes NUL, as SQL text."""


def extract(document: str, path: str, *keys: str, nul: str | None = None) -> str:
    """`json_extract(document, path)`, `keys` being the same path as `JSON_AT`'s arguments.
    SQLite's `json_extract` ends a text at an escaped NUL (`\\u0000`), which a typed response
    or a hand-made result file's question id may hold: those few documents (and any that merely
    spell `\\u0000`, an escaped backslash before it) are read by `JSON_AT`, the rest by SQLite.
    `nul` says whether the document may hold one, where that is known already; else it is
    looked for in `document`."""
    nul = nul or f"instr({document}, {NUL_ESCAPE})"
    return (
        f"CASE WHEN {nul} THEN {JSON_AT}({', '.join((document, *keys))}) "
        f"ELSE json_extract({document}, {path}) END"
    )


PLAN_ENTRIES = "json_each(a.plan) j"
"""One row per drawn question of attempt `a`: its slot is `PLAN_SLOT`."""
PLAN_SLOT = "j.key"


def plan_entry(field: str, nul: str | None = None) -> str:
    """The `field` of plan entry `j`; `nul`: `extract`'s, such as a plan's `PLAN_NUL` column,
    which spares each entry the search."""
    return extract("j.value", f"'$.{field}'", f"'{field}'", nul=nul)


PLAN_BANK = plan_entry("bank")
PLAN_QUESTION = plan_entry("question")
PLAN_NUL = f"instr(plan, {NUL_ESCAPE})"
"""Whether a plan's JSON may escape a NUL: kept as its `nul` column, looked for once per plan."""


def plan_field_at_slot(slot: str, field: str) -> str:
    """The plan's `field` for the question in slot `slot` of attempt `a`."""
    return extract("a.plan", f"'$[' || {slot} || '].{field}'", slot, f"'{field}'")


def string_text(column: str) -> str:
    """The text of the JSON string `column`."""
    return extract(column, "'$'")


def _json_at(document: str, *keys: str | int) -> object:
    """`json_extract(document, path)` where `keys` spell the path: the value there as SQLite
    gives it (NULL where there is none, a boolean as 1 or 0, a list or mapping as its JSON)."""
    import json

    value = json.loads(document)
    for key in keys:
        if isinstance(value, dict) and isinstance(key, str):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
        else:
            return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json_text(value)
    return value


def add_functions(connection: sqlite3.Connection) -> None:
    """Give `connection` the SQL function `JSON_AT`, once, as it opens: SQLite refuses to
    redefine a function while a statement is being read."""
    connection.create_function(JSON_AT, -1, _json_at, deterministic=True)


IN_JSON_LIST = "IN (SELECT value FROM json_each(?))"
"""`x IN_JSON_LIST` with a JSON array as the parameter: membership in a list of any length."""
IN_JSON_LIST_WITH_NUL = (
    f"IN (SELECT {JSON_AT}(l.list, e.key) FROM (SELECT ? AS list) l, json_each(l.list) e)"
)
"""`IN_JSON_LIST` for a list holding a text with a NUL (`json_each` would end it there)."""
