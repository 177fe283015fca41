"""One sitting of a served quiz: its settings, and each student's one attempt at it.

The server writes the settings to a private file and names the student in the app process's
environment; neither ever comes from the browser. A student's attempts in this sitting are
marked in the store with the origin `serve:SITTING`, so a reconnecting student finds their
attempt again (in any app process, after any server restart) and an exam is never taken twice.

Several servers may serve one sitting from one store (PostgreSQL; see docs/serving.md). A
student's exam attempt then has a uid that the sitting and the name decide, so two app
processes starting it at once, on two servers, store one attempt: the uid's UNIQUE constraint
lets one insert win, and the other resumes what it stored.
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


class AlreadyStarted(Exception):
    """Another app process (on this server or another) stored the student's exam first."""


def exam_uid(settings: Settings, student: str) -> str:
    """The uid of the student's one exam attempt in this sitting."""
    import hashlib

    key = f"casequiz-serve\0{settings.sitting}\0{student}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


class _Marked:
    """The store, with every new attempt marked as this sitting's (and, for an exam, under the
    uid the sitting gives the student)."""

    def __init__(self, store: Any, origin: str, uid: str | None = None) -> None:
        self._store = store
        self._origin = origin
        self._uid = uid

    def create_attempt(self, record: AttemptRecord) -> int:
        record.origin = self._origin
        if self._uid is None:
            return int(self._store.create_attempt(record))
        record.uid = self._uid
        if not self._store.import_attempt(record):  # INSERT ... ON CONFLICT(uid) DO NOTHING
            raise AlreadyStarted(record.uid)
        stored = self._store.attempt_by_uid(record.uid)
        record.id = stored.id
        return int(stored.id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def marked_store(store: Any, settings: Settings, student: str | None = None) -> _Marked:
    """`store`, marking the attempts it creates as this sitting's (the student's exam under
    the uid the sitting gives it, `exam_uid`)."""
    uid = exam_uid(settings, student) if student is not None and settings.mode == "exam" else None
    return _Marked(store, settings.origin, uid)


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

    exam = settings.mode == "exam"
    marked = marked_store(store, settings, student)
    mine = attempts_of(store, settings, student)
    unfinished = [r for r in mine if not r.finished]
    if unfinished:
        return Attempt.resume(unfinished[-1], banks, log=marked)
    if mine and exam:
        return Attempt.resume(mine[-1], banks, log=marked)
    selection = Selection(tuple(settings.topics), (), settings.count, settings.seed)
    try:
        attempt = Attempt.start(
            banks,
            selection,
            student=student,
            mode=Mode(settings.mode),
            time_limit=settings.time_limit if exam else None,
            log=marked,
        )
    except AlreadyStarted:
        return Attempt.resume(attempts_of(store, settings, student)[-1], banks, log=marked)
    if exam:
        attempt.uid = exam_uid(settings, student)  # as stored
    return attempt
