"""A bank rebuilt from the cache's JSON of it, without validating it a second time.

The cache holds a bank's JSON only once the bank has passed every check, under a key made of the
bank file's bytes and the casequiz version, beside a digest of that JSON (`cache`). Validating it
again would only repeat what was proven when it was written, and it costs more than the rest of
a start-up from the cache: the model's validators are built on their first use (`defer_build`),
some 25 ms for the bundled banks before the first question can be drawn. Each object is made
with `model_construct` instead, from exactly the fields its model has: an entry of any other
shape (written by hand, or by a casequiz whose model differed under the same version) gives
None, and the caller validates it as it would anything else.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from casequiz.bank import model

_QUESTIONS: dict[str, type[BaseModel]] = {
    "single": model.SingleQuestion,
    "multiple": model.MultipleQuestion,
    "true_false": model.TrueFalseQuestion,
    "numeric": model.NumericQuestion,
    "short": model.ShortQuestion,
    "order": model.OrderQuestion,
    "match": model.MatchQuestion,
    "cloze": model.ClozeQuestion,
}
_BLANKS: dict[str, type[BaseModel]] = {
    "short": model.ShortBlank,
    "numeric": model.NumericBlank,
    "choice": model.ChoiceBlank,
}
_DERIVED = {model.ClozeQuestion: {"points"}}
"""Fields every dump leaves out (`exclude=True`), computed again here as the model does."""


class _Shape(Exception):
    """The JSON is not what this casequiz's cache writes for a valid bank."""


def _fields(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(cls.model_fields) - _DERIVED.get(cls, set())


_FIELDS = {cls: _fields(cls) for cls in [model.Bank, model.Source, model.Excerpt]}
_FIELDS.update({cls: _fields(cls) for cls in [*_QUESTIONS.values(), *_BLANKS.values()]})


def _made(cls: type[BaseModel], data: Any) -> Any:
    """`cls` from a dump of it that holds every field (a dump leaves out none but the derived)."""
    if not isinstance(data, dict) or data.keys() != _FIELDS[cls]:
        raise _Shape
    return cls.model_construct(_fields_set=set(data), **data)


def _question(data: Any) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get("source"), list):
        raise _Shape
    cls = _QUESTIONS.get(data.get("type"))  # type: ignore[arg-type]
    if cls is None:
        raise _Shape
    fields = {**data, "source": [_made(model.Excerpt, item) for item in data["source"]]}
    if cls is not model.ClozeQuestion:
        return _made(cls, fields)
    blanks = fields.get("blanks")
    if not isinstance(blanks, dict):
        raise _Shape
    fields["blanks"] = {name: _blank(blank) for name, blank in blanks.items()}
    question = _made(cls, fields)
    object.__setattr__(
        question, "points", math.fsum(blank.points for blank in question.blanks.values())
    )
    return question


def _blank(data: Any) -> Any:
    cls = _BLANKS.get(data.get("type")) if isinstance(data, dict) else None
    if cls is None:
        raise _Shape
    return _made(cls, data)


def bank_from_cache(data: Any) -> model.Bank | None:
    """The bank whose cached JSON, parsed, is `data`; None when it does not have the shape the
    cache writes, down to every question, excerpt and blank."""
    try:
        if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
            raise _Shape
        if not isinstance(data.get("questions"), list):
            raise _Shape
        fields = {
            **data,
            "sources": {ref: _made(model.Source, s) for ref, s in data["sources"].items()},
            "questions": [_question(question) for question in data["questions"]],
        }
        bank: model.Bank = _made(model.Bank, fields)
    except (_Shape, KeyError, TypeError, ValueError):  # TypeError: points that are not numbers
        return None
    return bank
