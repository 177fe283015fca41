"""A bank rebuilt from the cache's JSON of it, without validating it a second time.

The cache holds a bank's JSON only once the bank has passed every check, under a key made of the
bank file's bytes and the casequiz version, beside a digest of that JSON (`cache`). Validating it
again would only repeat what was proven when it was written, and it costs more than the rest of
a start-up from the cache: the model's validators are built on their first use (`defer_build`),
some 25 ms for the bundled banks before the first question can be drawn. Each object is made
from exactly the fields its model has (`shapes.SHAPES`), with the model's `model_construct`, or
for a quiz (`light`) as a light record (`light`), which spares it importing pydantic at all: an
entry of any other shape (written by hand, or by a casequiz whose model differed under the same
version) gives None, and the caller validates it as it would anything else.
"""

from __future__ import annotations

import math

from casequiz.bank.light import CLASSES, DERIVED, STORED, tagged

TYPE_CHECKING = False  # not from `typing`, which a quiz started from the cache never imports
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from casequiz.bank.model import Bank

    Make = Callable[[str, dict[str, Any]], Any]

_QUESTIONS = tagged("Bank", "questions")
_BLANKS = tagged("ClozeQuestion", "blanks")
_CLOZE = _QUESTIONS["cloze"]


class _Shape(Exception):
    """The JSON is not what this casequiz's cache writes for a valid bank."""


def _light(name: str, data: dict[str, Any]) -> Any:
    return CLASSES[name].of(data)


def _model(name: str, data: dict[str, Any]) -> Any:
    from casequiz.bank import model

    return getattr(model, name).model_construct(_fields_set=set(data), **data)


def _made(make: Make, name: str, data: Any) -> Any:
    """`name` from a dump of it that holds every field (a dump leaves out none but the derived)."""
    if not isinstance(data, dict) or data.keys() != STORED[name]:
        raise _Shape
    return make(name, data)


def _question(make: Make, data: Any) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get("source"), list):
        raise _Shape
    name = _QUESTIONS.get(data.get("type"))  # type: ignore[arg-type]
    if name is None:
        raise _Shape
    fields = {**data, "source": [_made(make, "Excerpt", item) for item in data["source"]]}
    if name != _CLOZE:
        return _made(make, name, fields)
    blanks = fields.get("blanks")
    if not isinstance(blanks, dict):
        raise _Shape
    fields["blanks"] = {key: _blank(make, blank) for key, blank in blanks.items()}
    total = math.fsum(blank.points for blank in fields["blanks"].values())
    if make is _light:  # the record holds the derived field beside the others
        if fields.keys() != STORED[name]:
            raise _Shape
        return make(name, {**fields, DERIVED[name]: total})
    question = _made(make, name, fields)
    object.__setattr__(question, DERIVED[name], total)
    return question


def _blank(make: Make, data: Any) -> Any:
    name = _BLANKS.get(data.get("type")) if isinstance(data, dict) else None
    if name is None:
        raise _Shape
    return _made(make, name, data)


def bank_from_cache(data: Any, *, light: bool = False) -> Bank | None:
    """The bank whose cached JSON, parsed, is `data`, as the model's objects or with `light` as
    light records; None when it does not have the shape the cache writes, down to every
    question, excerpt and blank."""
    make = _light if light else _model
    try:
        if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
            raise _Shape
        if not isinstance(data.get("questions"), list):
            raise _Shape
        fields = {
            **data,
            "sources": {ref: _made(make, "Source", s) for ref, s in data["sources"].items()},
            "questions": [_question(make, question) for question in data["questions"]],
        }
        bank: Bank = _made(make, "Bank", fields)
    except (_Shape, KeyError, TypeError, ValueError):  # TypeError: points that are not numbers
        return None
    return bank
