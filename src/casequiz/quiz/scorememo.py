"""Scoring each distinct response once per question, for a batch of attempts at one bank.

`score` is a pure function of the question and the response, and a class answers the same
questions with the same few responses: a thousand result files of twenty answers hold a few
hundred distinct (question, response) pairs. Re-scoring an import through this memo gives the
verdict `score` gives, computed once for each pair instead of once for each answer.

A response is looked up by a key that keeps every type apart (`1`, `1.0`, `True` and `"1"` are
four responses, as they are to `score`), and only small responses of the types a result file
holds (JSON's) are kept, so the memo's memory stays bounded whatever a batch holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casequiz.quiz.scoring import Verdict, score
from casequiz.records import SealedMapping

if TYPE_CHECKING:
    from casequiz.bank.model import AnyQuestion

_VERDICT_FIELDS = tuple(Verdict.__dataclass_fields__)
"""A verdict's fields, as `dataclasses.asdict` would give them but without its deep copies."""

MAX_RESPONSES = 512
"""Distinct responses kept per question; further ones are scored each time."""
_MAX_TEXT = 256
"""The longest text a kept response may hold."""
_MAX_PARTS = 64
"""The most values (items, keys, texts) a kept response may hold."""

_SCALARS = (bool, int)


class _TooBig(Exception):
    """A response the memo does not keep: too large, or of a type JSON does not have."""


def response_key(response: Any) -> Any:
    """A hashable key equal for two responses exactly when they are the same JSON value.

    Every value but text carries its type, since `True == 1 == 1.0` in Python, and a float
    stands as its exact text, since `-0.0 == 0.0`; a list, a mapping (its order kept) and
    `None` are told apart likewise. None when the response is not worth keeping (see the
    module's doc).
    """
    budget = [_MAX_PARTS]
    try:
        return _freeze(response, budget)
    except _TooBig:
        return None


def _freeze(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    kind = type(value)
    if kind is str:
        if len(value) > _MAX_TEXT:
            raise _TooBig
        return value
    if kind in _SCALARS:
        return (kind, value)
    if kind is float:  # by its text: -0.0 == 0.0, and NaN equals nothing
        return (float, repr(value))
    if value is None:
        return (None,)
    if kind is list:
        return (list, *(_freeze(item, budget) for item in value))
    if kind is dict:
        return (dict, *((_freeze(k, budget), _freeze(v, budget)) for k, v in value.items()))
    raise _TooBig  # tuples, subclasses and other objects: scored each time, never confused


class ScoreMemo:
    """The verdicts of one question's distinct responses, each with its fields as the store
    keeps them: sealed (`SealedMapping`), so the answers that share one cannot change it."""

    __slots__ = ("_verdicts", "question")

    def __init__(self, question: AnyQuestion) -> None:
        self.question = question
        self._verdicts: dict[Any, tuple[Verdict, SealedMapping]] = {}

    def score(self, response: Any) -> tuple[Verdict, SealedMapping]:
        """`score(question, response)` and its fields; raises what `score` raises."""
        if type(response) is str and len(response) <= _MAX_TEXT:  # most responses: no walk
            key: Any = response
        else:
            key = response_key(response)
        found = self._verdicts.get(key) if key is not None else None
        if found is None:
            verdict = score(self.question, response)
            fields = SealedMapping({name: getattr(verdict, name) for name in _VERDICT_FIELDS})
            found = (verdict, fields)
            if key is not None and len(self._verdicts) < MAX_RESPONSES:
                self._verdicts[key] = found
        return found
