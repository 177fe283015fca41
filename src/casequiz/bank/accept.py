"""The validator's fast path: whether the model surely accepts a bank's data, without pydantic.

Importing pydantic and building the model costs a fixed tenth of a second, more than reading a
bank of a hundred questions. Most banks that are checked are valid, so `accept` decides from
the data `yamlread` built, with the model's shapes (`shapes.SHAPES`, derived from its schema),
whether every field has the type, the constraints and the keys the model wants. It is
conservative: anything it is not sure of (a wrong type, an extra key, a figure too large to be
exact as a float, a `points` on a cloze) is a "no", and the caller validates with the model,
which explains the problem as always. A "yes" comes with the fields as the model would hold
them (defaults filled in, figures as floats, one excerpt made a list, a date as text), read as
attributes (`Fields`), so the meaning checks (`checks`) and the source checks (`sources`) run on
them exactly as on the model.

The model's own conversions before validation are mirrored here by field (`_BEFORE`); a test
compares the two paths over generated banks, valid and subtly not (`tests/test_accept.py`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from casequiz.bank.names import full_match
from casequiz.bank.shapes import SHAPES

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any

    from casequiz.bank.shapes import Shape

    Check = Callable[[Any], Any]

    __all__ = ["Fields", "accept", "as_data", "body_json"]


class Fields:
    """One model's fields, as the model holds them, read as attributes (`question.options`).

    The fields are the instance's `__dict__`, so `vars()` gives them back for the cache; what
    the data gave explicitly (the model's `model_fields_set`) is kept beside them.
    """

    __slots__ = ("__dict__", "model_fields_set")

    model_fields_set: frozenset[str]

    def __repr__(self) -> str:
        return f"Fields({self.__dict__!r})"


_FAIL: Any = object()
"""What a check returns for a value the model might not accept."""

_EXACT = 2**53
"""An integer beyond this may not be the same figure as a float: the model is asked."""


def _date_text(value: Any) -> Any:
    """`Source.published` (the model's `_date_as_text`): a YAML date is kept as written."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _blank_keys(value: Any) -> Any:
    """`ClozeQuestion.blanks` (the model's `_blank_keys`): `1:` names the blank "1"."""
    if type(value) is not dict:
        return value
    named = {
        str(key) if type(key) is int else key: item  # bool is not int here
        for key, item in value.items()
    }
    return named if len(named) == len(value) else _FAIL  # `1` and `"1"` both: ask the model


_BEFORE: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("Source", "published"): _date_text,
    ("ClozeQuestion", "blanks"): _blank_keys,
}
"""The model's `BeforeValidator`s that its schema does not show. (`source:` as one excerpt or
a list is in the schema, as `any_of` an excerpt or an array of them.)"""


def _compile(shape: Shape, models: dict[str, Check]) -> Check:
    kind = shape[0]
    if kind == "str":
        return _text(shape[1], shape[2])
    if kind == "number":
        return _number(shape[1], shape[2])
    if kind == "integer":
        low, high = shape[1], shape[2]

        def integer(value: Any) -> Any:
            if type(value) is not int:
                return _FAIL
            if (low is not None and value < low) or (high is not None and value > high):
                return _FAIL
            return value

        return integer
    if kind == "boolean":
        return lambda value: value if type(value) is bool else _FAIL
    if kind == "null":
        return lambda value: value if value is None else _FAIL
    if kind in ("const", "enum"):
        allowed = (shape[1],) if kind == "const" else shape[1]

        def one_of(value: Any) -> Any:
            return value if any(type(value) is type(a) and value == a for a in allowed) else _FAIL

        return one_of
    if kind == "any_of":
        return _any_of(shape[1], models)
    if kind == "array":
        if shape[1] == _ANY_TEXT:
            return _texts(shape[2])
        return _array(_compile(shape[1], models), shape[2])
    if kind == "object":
        return _mapping(_compile(shape[1], models), shape[2], shape[3])
    if kind == "ref":
        name = shape[1]
        return lambda value: models[name](value)
    if kind == "tagged":
        return _tagged(shape[1], shape[2], models)
    raise ValueError(f"unknown shape {shape!r}")


_ANY_TEXT = ("str", 0, None)
"""The shape of any text, which the most fields and items have."""

_NULL = ("null",)

_NEVER_NONE = frozenset({"str", "number", "integer", "boolean", "array", "object", "ref", "tagged"})
"""The kinds of shape whose check refuses None: `any_of` one of them or null need try the first
only when the value is not None."""


def _text(min_length: int, pattern: str | None) -> Check:
    if pattern is None and not min_length:
        return lambda value: value if type(value) is str else _FAIL
    whole = _whole(pattern) if pattern is not None else None

    def text(value: Any) -> Any:
        if type(value) is not str or len(value) < min_length:
            return _FAIL
        return value if whole is None or whole(value) else _FAIL

    return text


def _whole(pattern: str) -> Callable[[str], Any]:
    """Whether a text matches `pattern` whole: by `names.full_match` for the patterns of names,
    else by the pattern, compiled when first asked (a bank may never hold such a field)."""
    if (known := full_match(pattern)) is not None:
        return known
    compiled: list[Callable[[str], Any]] = []

    def whole(value: str) -> Any:
        if not compiled:
            compiled.append(re.compile(pattern).fullmatch)
        return compiled[0](value)

    return whole


def _texts(min_items: int) -> Check:
    """`_array` of any text: the same, with no call for each item."""

    def texts(value: Any) -> Any:
        if type(value) is not list or len(value) < min_items:
            return _FAIL
        for item in value:
            if type(item) is not str:
                return _FAIL
        return value[:]  # a list of its own, as `_array` makes

    return texts


def _number(above: float | None, at_least: float | None) -> Check:
    """A float; an integer is taken as one (strict mode allows it), a bool never."""

    def number(value: Any) -> Any:
        if type(value) is int:
            if abs(value) > _EXACT:
                return _FAIL
            value = float(value)
        elif type(value) is not float or not math.isfinite(value):
            return _FAIL
        if (above is not None and not value > above) or (
            at_least is not None and not value >= at_least
        ):
            return _FAIL
        return value

    return number


def _any_of(branches: tuple[Shape, ...], models: dict[str, Check]) -> Check:
    if len(branches) == 2 and branches[1] == ("array", branches[0], 0):
        one, many = _compile(branches[0], models), _compile(branches[1], models)

        def one_or_list(value: Any) -> Any:  # the model's `_as_list`
            if type(value) is dict:
                item = one(value)
                return _FAIL if item is _FAIL else [item]
            return many(value)

        return one_or_list
    if len(branches) == 2 and branches[1] == _NULL and branches[0][0] in _NEVER_NONE:
        if branches[0] == _ANY_TEXT:
            return lambda value: value if value is None or type(value) is str else _FAIL
        first = _compile(branches[0], models)
        return lambda value: value if value is None else first(value)
    checks = [_compile(branch, models) for branch in branches]

    def any_of(value: Any) -> Any:
        for check in checks:
            if (out := check(value)) is not _FAIL:
                return out
        return _FAIL

    return any_of


def _array(item: Check, min_items: int) -> Check:
    def array(value: Any) -> Any:
        if type(value) is not list or len(value) < min_items:
            return _FAIL
        out = [item(v) for v in value]
        return _FAIL if any(v is _FAIL for v in out) else out

    return array


def _mapping(item: Check, key_pattern: str | None, min_properties: int) -> Check:
    whole = _whole(key_pattern) if key_pattern is not None else None

    def mapping(value: Any) -> Any:
        if type(value) is not dict or len(value) < min_properties:
            return _FAIL
        out = {}
        for key, v in value.items():
            if type(key) is not str or (whole is not None and not whole(key)):
                return _FAIL
            if (checked := item(v)) is _FAIL:
                return _FAIL
            out[key] = checked
        return out

    return mapping


def _tagged(tags: dict[str, str], default: str | None, models: dict[str, Check]) -> Check:
    def tagged(value: Any) -> Any:
        if type(value) is not dict:
            return _FAIL
        tag = value.get("type", default)
        if type(tag) is not str or tag not in tags:
            return _FAIL
        return models[tags[tag]](value)

    return tagged


def _model(name: str, models: _Models) -> Check:
    fields = []
    for field, shape, required, default in SHAPES[name]:
        check = models.check_of(shape)
        if (before := _BEFORE.get((name, field))) is not None:
            check = _then(before, check)
        fields.append((field, check, required, default))
    names = frozenset(field for field, _, _, _ in fields)
    required = frozenset(field for field, _, needed, _ in fields if needed)

    def model(value: Any) -> Any:
        if type(value) is not dict or not names.issuperset(value) or not required <= value.keys():
            return _FAIL
        out: dict[str, Any] = {}
        for field, check, _, default in fields:
            if field in value:
                if (checked := check(value[field])) is _FAIL:
                    return _FAIL
                out[field] = checked
            else:  # a fresh list or mapping for each, as the model's default factories make
                out[field] = [] if default == [] else {} if default == {} else default
        made = Fields()
        made.__dict__ = out
        made.model_fields_set = frozenset(value)
        return made

    return model


def _then(before: Callable[[Any], Any], check: Check) -> Check:
    def converted(value: Any) -> Any:
        value = before(value)
        return _FAIL if value is _FAIL else check(value)

    return converted


class _Models(dict):  # type: ignore[type-arg]
    """Each model's check by name, made when first asked for: a bank with no cloze never needs
    a blank's. The fields of one shape (most are optional text) share one check."""

    def __init__(self) -> None:
        super().__init__()
        self._by_shape: dict[Shape, Check] = {}

    def __missing__(self, name: str) -> Check:
        check = self[name] = _model(name, self)
        return check

    def check_of(self, shape: Shape) -> Check:
        try:
            return self._by_shape[shape]
        except KeyError:
            check = self._by_shape[shape] = _compile(shape, self)
            return check
        except TypeError:  # a shape that holds a mapping (`tagged`) is made for its field
            return _compile(shape, self)


_MODELS = _Models()


def accept(data: Any) -> Fields | None:
    """The bank's fields as the model would hold them if it surely accepts `data`, else None.

    None means only "ask the model": the model may yet accept what this does not.
    """
    bank = _MODELS["Bank"](data)
    if bank is _FAIL:
        return None
    for question in bank.questions:
        if question.type == "cloze":
            total = _blank_points(question)
            if total is None:
                return None
    return bank


def _blank_points(question: Fields) -> float | None:
    """A cloze's points, the sum of its blanks' (the model's `_total`); None if that fails."""
    try:
        total = math.fsum(blank.points for blank in question.blanks.values())
    except OverflowError:
        return None
    return total if math.isfinite(total) else None


def as_data(fields: Any) -> Any:
    """Accepted fields as plain data: what `model_dump(mode="json")` gives for the model."""
    if isinstance(fields, Fields):
        return {name: as_data(value) for name, value in vars(fields).items()}
    if isinstance(fields, list):
        return [as_data(item) for item in fields]
    if isinstance(fields, dict):
        return {key: as_data(value) for key, value in fields.items()}
    return fields


def body_json(bank: Fields) -> bytes:
    """The accepted bank as JSON for the cache, which reads it back with the model
    (`Bank.model_validate_json`) into the bank the model would have built from the data."""
    import json  # here: only a check that writes the cache needs it

    return json.dumps(bank, default=vars, ensure_ascii=False, separators=(",", ":")).encode()


def points_of(question: Fields) -> float:
    """A question's points as the model has them: a cloze's is the sum of its blanks'."""
    if question.type == "cloze":
        return _blank_points(question) or 0.0
    return float(question.points)
