"""The methods a source and a bank have, written once for the model (`model`) and the light
records a quiz reads (`light`): each class of both inherits them from here."""

from __future__ import annotations

TYPE_CHECKING = False  # not from `typing`, which a quiz started from the cache never imports
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


class SourceMethods:
    """What a source can say beyond its fields."""

    __slots__ = ()

    if TYPE_CHECKING:
        title: str
        outlet: str | None
        author: str | None
        published: str | None

    def citation(self) -> str:
        """Title, outlet and date, as a reader expects to see a source named."""
        parts = [self.title, *(p for p in (self.author, self.outlet, self.published) if p)]
        return ", ".join(parts)


class BankMethods:
    """What a bank can say beyond its fields."""

    __slots__ = ()

    if TYPE_CHECKING:
        questions: Sequence[Any]

    def topics(self) -> list[str]:
        """The bank's topics in the order they first appear."""
        return list(dict.fromkeys(q.topic for q in self.questions if q.topic))
