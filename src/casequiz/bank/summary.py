"""What a report needs of a bank, without the model: its questions' ids, types, points, topics
and what their random guess score is computed from.

`stats` and `export` read the banks their attempts were taken on only for these facts, and
building the pydantic model (and importing pydantic at all) would cost them more time and
memory than the report itself. So the cache keeps, beside the bank's JSON, this summary of it:
plain JSON, read without pydantic. It is made from a bank the model has checked, stored under
the same key and digest as the bank (`cache`), and checked by hand when read: a summary whose
shape is wrong is not used, and the bank is checked again instead.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from casequiz.bank.accept import Fields
    from casequiz.bank.model import Bank

__all__ = ["BankSummary", "Facts", "FactsMapping", "summary_data"]

WORDY = ("prompt", "explanation", "hint", "feedback", "source", "tags")
"""A question's fields that say what it asks and why: no report computes with them."""


class Facts:
    """A question's fields, read as attributes like the model's: `facts.options`,
    `facts.items`. A mapping within it is a `FactsMapping`: a dict whose values are read as
    attributes too."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        try:
            return _view(self._fields[name])
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Facts({self._fields!r})"


class FactsMapping(dict[str, Any]):
    """A mapping field (`pairs`, and parts of a question such as a cloze's blanks): a dict,
    whose entries can also be read as attributes."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        return _view(super().__getitem__(key))

    def values(self) -> Any:  # type: ignore[override]
        return [_view(value) for value in super().values()]

    def items(self) -> Any:  # type: ignore[override]
        return [(key, _view(value)) for key, value in super().items()]

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _view(value: Any) -> Any:
    if isinstance(value, dict):
        return FactsMapping(value)
    if isinstance(value, list):
        return [_view(item) for item in value]
    return value


class BankSummary:
    """A valid bank's id, title and question facts, with the file and content hash it was
    read from (what `grade.catalog` takes from a `LoadedBank`)."""

    __slots__ = ("digest", "id", "path", "questions", "title")

    def __init__(
        self, bank_id: str, title: str, questions: Sequence[Any], path: Path, digest: str
    ) -> None:
        self.id = bank_id
        self.title = title
        self.questions = questions
        self.path = path
        self.digest = digest

    def __repr__(self) -> str:
        return f"BankSummary(id={self.id!r}, path={self.path!r}, digest={self.digest!r})"

    @classmethod
    def of(cls, bank: Bank, path: Path, digest: str) -> BankSummary:
        """A bank held as the model, read through the same attributes (its questions are the
        model's own)."""
        return cls(bank.id, bank.title, bank.questions, path, digest)

    @classmethod
    def read(cls, data: Any, path: Path, digest: str) -> BankSummary | None:
        """The summary in `data` (`summary_data`'s JSON), or None when it is not shaped as
        one: then it did not come from `summary_data`, and is not trusted."""
        if not isinstance(data, dict):
            return None
        bank_id, title, questions = data.get("id"), data.get("title"), data.get("questions")
        if not (isinstance(bank_id, str) and isinstance(title, str)):
            return None
        if not isinstance(questions, list) or not all(_question(q) for q in questions):
            return None
        return cls(bank_id, title, [Facts(q) for q in questions], path, digest)


def _question(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    points, topic = data.get("points"), data.get("topic")
    return (
        isinstance(data.get("id"), str)
        and isinstance(data.get("type"), str)
        and isinstance(points, float)
        and math.isfinite(points)
        and points > 0
        and (topic is None or isinstance(topic, str))
    )


def summary_data(bank: Bank | Fields) -> dict[str, Any]:
    """The JSON a summary is kept as: every field of each question but the wordy ones.

    `bank` is the model, or the fields the validator's fast path accepted (`accept`): the
    same bank gives the same summary either way.
    """
    if hasattr(bank, "model_dump"):
        dumped = bank.model_dump(mode="json", include={"id", "title", "questions"})
        points = [question.points for question in bank.questions]
    else:
        from casequiz.bank.accept import as_data, points_of

        dumped = {"id": bank.id, "title": bank.title, "questions": as_data(bank.questions)}
        points = [points_of(question) for question in bank.questions]
    for question, worth in zip(dumped["questions"], points, strict=True):
        for field in WORDY:
            question.pop(field, None)
        question["points"] = worth  # a cloze's, the sum of its blanks', is not dumped
    return dumped
