"""The bank as light records: what a quiz reads of a bank, without pydantic.

A quiz started from the cache (the common case) needs a valid bank's fields, not the model's
validation: importing pydantic and building the model's classes cost some 55 ms of a start-up
before the first question could be drawn. So the cache's JSON of a bank, proven valid when it
was written, is rebuilt as records of the classes here (`trusted`), one for each model of the
format, under the model's name (`SingleQuestion`, `Excerpt`, ...).

The model stays the one definition: each class has the fields of its model in the model's order
and the model's defaults, all from `shapes.SHAPES` (derived from the model), and the methods a
source and a bank have come from `methods`, which the model's classes inherit too. A record
behaves as the model's frozen objects do where casequiz relies on it: it is read by attribute,
cannot be assigned to, equals a record of the same class with equal fields, hashes by its values
(or not at all, holding a list), and shows as the model's object does. Code that tells questions
or blanks apart does so by their `type`, so the same code runs on both;
`tests/test_light.py` shows every record equals the model's object, field by field.
"""

from __future__ import annotations

from casequiz.bank.methods import BankMethods, SourceMethods
from casequiz.bank.shapes import _QUESTION, SHAPES

TYPE_CHECKING = False  # not from `typing`, which a quiz started from the cache never imports
if TYPE_CHECKING:
    from typing import Any, Self

DERIVED = {"ClozeQuestion": "points"}
"""A field the model computes and every dump leaves out (`exclude=True`): a cloze's points, the
sum of its blanks'. It is not in the cache's JSON, nor in `SHAPES`."""


class Record:
    """One object of the bank, its fields in `__dict__`, as the model's object would hold them."""

    _fields: tuple[str, ...] = ()
    """Every field, in the model's order (its `repr`'s)."""
    _required: frozenset[str] = frozenset()
    _defaults: dict[str, Any] = {}  # noqa: RUF012 (each class has its own, never changed)

    def __init__(self, **fields: Any) -> None:
        """A record of trusted `fields` (as the model's `model_construct`, nothing is checked
        but their names), the omitted ones given the model's defaults."""
        unknown = fields.keys() - self._fields
        missing = self._required - fields.keys()
        if unknown or missing:
            which = sorted(unknown) if unknown else sorted(missing)
            said = "has no field" if unknown else "needs the field"
            raise TypeError(f"{type(self).__name__} {said} {', '.join(which)}")
        values = {
            name: fields[name] if name in fields else _fresh(self._defaults[name])
            for name in self._fields
            if name in fields or name in self._defaults
        }
        if (derived := DERIVED.get(type(self).__name__)) is not None and derived not in values:
            values[derived] = _derive(values)
        object.__setattr__(self, "__dict__", values)

    @classmethod
    def of(cls, values: dict[str, Any]) -> Self:
        """The record whose fields are exactly `values`, which it keeps (the cache's rebuild,
        which has just made that mapping and checked its keys)."""
        record = object.__new__(cls)
        object.__setattr__(record, "__dict__", values)
        return record

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name} cannot be deleted")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *(self.__dict__[name] for name in self._fields)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._shown(', ')})"

    def __str__(self) -> str:
        return self._shown(" ")

    def _shown(self, between: str) -> str:
        return between.join(f"{name}={self.__dict__[name]!r}" for name in self._fields)


def _fresh(default: Any) -> Any:
    """A default list or mapping made anew for each record, as the model's factories do."""
    return [] if default == [] else {} if default == {} else default


def _derive(values: dict[str, Any]) -> float:
    import math

    return math.fsum(blank.points for blank in values["blanks"].values())


def _fields_of(name: str) -> tuple[str, ...]:
    """The model's fields in its order: a derived field stands where the questions' shared
    fields (`shapes._QUESTION`) have it."""
    fields = [field for field, _, _, _ in SHAPES[name]]
    if (derived := DERIVED.get(name)) is not None:
        shared = [field for field, _, _, _ in _QUESTION]
        following = shared[shared.index(derived) + 1]
        fields.insert(fields.index(following), derived)
    return tuple(fields)


_METHODS: dict[str, type] = {"Source": SourceMethods, "Bank": BankMethods}


def _record_class(name: str) -> type[Record]:
    namespace = {
        "__slots__": (),
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": f"The model's `{name}`, as a light record.",
        "_fields": _fields_of(name),
        "_required": frozenset(field for field, _, needed, _ in SHAPES[name] if needed),
        "_defaults": {field: value for field, _, needed, value in SHAPES[name] if not needed},
    }
    bases = (Record, _METHODS[name]) if name in _METHODS else (Record,)
    return type(name, bases, namespace)


CLASSES: dict[str, type[Record]] = {name: _record_class(name) for name in SHAPES}
"""Each model of the format by name, as a light record's class."""

STORED: dict[str, frozenset[str]] = {
    name: frozenset(field for field, _, _, _ in SHAPES[name]) for name in SHAPES
}
"""The fields the cache's JSON holds of each model: all but the derived one."""


def tagged(name: str, field: str) -> dict[str, str]:
    """The models a field holds by their `type` (`tagged("Bank", "questions")["single"]` is
    "SingleQuestion")."""
    shape = next(shape for field_, shape, _, _ in SHAPES[name] if field_ == field)
    while shape[0] != "tagged":
        shape = shape[1]
    return dict(shape[1])


def construct(like: object, name: str, **fields: Any) -> Any:
    """The model `name`'s object of trusted `fields`, of the kind `like` is: a light record for
    a record, else the model's own (`model_construct`), so that what a quiz derives from a
    question (a cloze's blank as a question, its passage as an excerpt) is of the same kind."""
    if isinstance(like, Record):
        return CLASSES[name](**fields)
    from casequiz.bank import model

    return getattr(model, name).model_construct(**fields)
