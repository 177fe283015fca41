"""One sitting of a served quiz: its settings, and each student's one attempt at it.

The server writes the settings to a private file and names the student in the app process's
environment; neither ever comes from the browser. A student's attempts in this sitting are
marked in the store with the origin `serve:SITTING`, so a reconnecting student finds their
attempt again (in any app process, after any server restart) and an exam is never taken twice.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.attempt import Attempt
    from casequiz.records import AttemptRecord

CONFIG_ENV = "CASEQUIZ_SERVE_CONFIG"
STUDENT_ENV = "CASEQUIZ_SERVE_STUDENT"


@dataclass
class Settings:
    """What the teacher chose on the command line, for every app process of the sitting."""

    banks: list[str]
    store: str
    sitting: str
    mode: str = "exam"
    count: int | None = None
    seed: int | None = None
    time_limit: float | None = None
    topics: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"serve:{self.sitting}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**json.loads(text))

    def write(self, path: Path) -> None:
        import os

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self.to_json())


class _Marked:
    """The store, with every new attempt marked as this sitting's."""

    def __init__(self, store: Any, origin: str) -> None:
        self._store = store
        self._origin = origin

    def create_attempt(self, record: AttemptRecord) -> int:
        record.origin = self._origin
        return int(self._store.create_attempt(record))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def marked_store(store: Any, settings: Settings) -> _Marked:
    """`store`, marking the attempts it creates as this sitting's."""
    return _Marked(store, settings.origin)


def attempts_of(store: Any, settings: Settings, student: str) -> list[AttemptRecord]:
    """The student's attempts in this sitting, oldest first."""
    return [
        record
        for record in store.attempts(finished=None, student=student)
        if record.origin == settings.origin
    ]


def attempt_for(store: Any, settings: Settings, student: str, banks: list[LoadedBank]) -> Attempt:
    """The attempt to show: the unfinished one resumed, else a new one; an exam taken already
    comes back finished (its end screen, never a second attempt)."""
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection

    marked = marked_store(store, settings)
    mine = attempts_of(store, settings, student)
    unfinished = [r for r in mine if not r.finished]
    if unfinished:
        return Attempt.resume(unfinished[-1], banks, log=marked)
    if mine and settings.mode == "exam":
        return Attempt.resume(mine[-1], banks, log=marked)
    selection = Selection(tuple(settings.topics), (), settings.count, settings.seed)
    return Attempt.start(
        banks,
        selection,
        student=student,
        mode=Mode(settings.mode),
        time_limit=settings.time_limit if settings.mode == "exam" else None,
        log=marked,
    )
