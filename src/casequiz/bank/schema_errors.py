"""Turn the model's validation errors into problems a teacher can act on.

pydantic reports every error with a `loc` path; this module decides each one's code, words it
for someone editing YAML (naming the field, the allowed values, a "did you mean"), and says
whether it belongs at the key or at the value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError

from casequiz.bank.checks import Problem, did_you_mean
from casequiz.bank.model import (
    BLANK_TYPES,
    QUESTION_TYPES,
    Bank,
    ChoiceBlank,
    ClozeQuestion,
    Excerpt,
    MatchQuestion,
    MultipleQuestion,
    NumericBlank,
    NumericQuestion,
    OrderQuestion,
    ShortBlank,
    ShortQuestion,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
)

QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "single": SingleQuestion,
    "multiple": MultipleQuestion,
    "true_false": TrueFalseQuestion,
    "numeric": NumericQuestion,
    "short": ShortQuestion,
    "order": OrderQuestion,
    "match": MatchQuestion,
    "cloze": ClozeQuestion,
}
BLANK_MODELS: dict[str, type[BaseModel]] = {
    "short": ShortBlank,
    "numeric": NumericBlank,
    "choice": ChoiceBlank,
}

_LABELS: dict[type[BaseModel], str] = {Bank: "a bank", Source: "a source", Excerpt: "an excerpt"}

_KINDS = {
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "bool_type": "true or false",
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "finite_number": "a finite number",
}


def model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose fields are valid at the mapping `loc` points into."""
    model: type[BaseModel] | None = Bank
    items = list(loc)
    while items and model is not None:
        item = items.pop(0)
        if model is Bank and item == "sources" and items:
            items.pop(0)
            model = Source
        elif model is Bank and item == "questions" and items:
            items.pop(0)
            model = QUESTION_MODELS.get(items.pop(0)) if items else None
        elif model is ClozeQuestion and item == "blanks" and len(items) >= 2:
            items.pop(0)
            model = BLANK_MODELS.get(items.pop(0))
        elif item == "source" and model is not Bank and model is not Source:
            if items and isinstance(items[0], int):
                items.pop(0)
            model = Excerpt
        else:
            return None
    return model


def _is_tag(loc: tuple[Any, ...], index: int) -> bool:
    """Whether `loc[index]` is the question type pydantic inserts after `questions, N`.

    Only that position: `match` is also a field of short questions, and any text may be a key.
    """
    if index >= 2 and loc[index - 2] == "blanks" and loc[index] in BLANK_TYPES:
        return True  # a blank's type, after its name
    return (
        index >= 2
        and loc[index - 2] == "questions"
        and isinstance(loc[index - 1], int)
        and loc[index] in QUESTION_TYPES
    )


def _field(loc: tuple[Any, ...]) -> str:
    names = [
        str(item) for i, item in enumerate(loc) if isinstance(item, str) and not _is_tag(loc, i)
    ]
    return names[-1] if names else "the bank"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean " + str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _wrong_type(error: Any, loc: tuple[Any, ...], raw: str | None) -> Problem:
    field, value = _field(loc), error["input"]
    wanted = _KINDS.get(error["type"], "another type")
    if error["type"] == "string_type" and isinstance(value, bool | int | float | dt.date):
        written = raw if raw is not None else str(value)
        what = f"{field!r}"
        if loc and loc[-1] == "[key]":  # a key of a mapping, such as an option in `feedback`
            what = f"the key {written} in {_field(loc[:-2])!r}"
        return Problem(
            loc,
            "E204",
            f"{what} must be text, but YAML read {written} as "
            f'{_describe(value)}: write it in quotes, "{written}"',
        )
    if error["type"] == "string_type" and value is None:
        return Problem(loc, "E204", f"{field!r} is empty: give it a text")
    return Problem(loc, "E203", f"{field!r} must be {wanted}, not {_describe(value)}")


def translate(error: Any, raw: str | None = None) -> Problem:
    """One pydantic error as a problem; `raw` is the YAML text of the offending value, if any."""
    kind, loc = error["type"], tuple(error["loc"])
    field = _field(loc)
    if kind == "missing":
        model = model_at(loc[:-1])
        label = ""
        if len(loc) > 2 and _is_tag(loc, len(loc) - 2):
            kind = "blank" if loc[-4] == "blanks" else "question"
            label = f"a {loc[-2]} {kind}"
        needs = ""
        if model is not None:
            required = [n for n, f in model.model_fields.items() if f.is_required() and n != "type"]
            label = label or _LABELS.get(model, "this")
            needs = f" ({label} needs: {', '.join(required)})"
        return Problem(loc, "E202", f"missing required field {field!r}{needs}")
    if kind == "extra_forbidden":
        model = model_at(loc[:-1])
        known = list(model.model_fields) if model else []
        return Problem(
            loc, "E201", f"unknown key {loc[-1]!r}{did_you_mean(str(loc[-1]), known)}", at_key=True
        )
    if kind == "union_tag_invalid":
        tag = str(error["ctx"]["tag"])
        blank = len(loc) >= 2 and loc[-2] == "blanks"  # a cloze blank's `type`
        what, known = ("blank", BLANK_TYPES) if blank else ("question", QUESTION_TYPES)
        return Problem(
            (*loc, "type"),
            "E205",
            f"unknown {what} type {tag!r}{did_you_mean(tag, known)} (known: {', '.join(known)})",
        )
    if kind == "union_tag_not_found":
        return Problem(
            loc, "E202", f"missing required field 'type' (one of: {', '.join(QUESTION_TYPES)})"
        )
    if kind == "literal_error" and loc == ("casequiz",):
        return Problem(
            loc,
            "E200",
            f"this casequiz reads bank format 1, not {error['input']!r}: "
            "write `casequiz: 1`, or update casequiz",
        )
    if kind == "literal_error":
        return Problem(
            loc, "E206", f"{field!r} must be {error['ctx']['expected']}, not {error['input']!r}"
        )
    if kind == "string_pattern_mismatch":
        return Problem(
            loc,
            "E207",
            f"{field!r} must be a lowercase slug such as 'eba-terms' "
            f"(a-z and 0-9, joined by '-', '_' or '.'), not {error['input']!r}",
        )
    if kind == "greater_than" and field == "points":
        return Problem(loc, "E307", f"points must be greater than zero, not {error['input']!r}")
    if kind == "tolerance":
        return Problem(loc, "E306", f"'tolerance' {error['msg']}, not {error['input']!r}")
    if kind in ("too_short", "string_too_short"):
        if isinstance(error["input"], str):
            return Problem(loc, "E206", f"{field!r} must not be empty")
        return Problem(
            loc, "E206", f"{field!r} needs at least {error['ctx']['min_length']} entries"
        )
    if kind == "greater_than_equal":
        return Problem(
            loc, "E206", f"{field!r} must be at least {error['ctx']['ge']}, not {error['input']!r}"
        )
    if kind == "less_than_equal":
        return Problem(
            loc, "E206", f"{field!r} must be at most {error['ctx']['le']}, not {error['input']!r}"
        )
    if kind in _KINDS:
        return _wrong_type(error, loc, raw)
    return Problem(loc, "E203", f"{field!r}: {error['msg']}")


def errors_of(exc: ValidationError) -> list[Any]:
    return exc.errors(include_url=False)
