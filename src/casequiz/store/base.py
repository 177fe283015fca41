"""What every results store offers, and `open_store`, which picks the back end from a location.

A location is a path (an SQLite file, embedded, the default) or a `postgresql://` URL (a server
many hosts write at once). The quiz engine, grading, the TUI, plain mode and study see only the
`ResultsStore` protocol: nothing above this layer knows which back end it was given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from casequiz.records import AttemptLog, AttemptRecord

if TYPE_CHECKING:
    from casequiz.store.db import AttemptSummary, ImportOutcome

URL_SCHEMES = ("postgresql", "postgres")


class StoreError(Exception):
    """The store cannot be used: not a casequiz store, too new, unreachable or not writable."""


class StoreUnavailable(StoreError):
    """The database server cannot be reached or refuses us: not the user's typing, exit 1."""


class StoreRefused(StoreError):
    """One record the database cannot hold as it is (PostgreSQL's text cannot contain NUL);
    nothing of it was written and the store goes on, so a batch refuses that record alone."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: cannot store this: {reason}")
        self.reason = reason


class ResultsStore(AttemptLog, Protocol):
    """The attempts, answers and study cards of one store, whichever database holds them.

    Every public method of either back end is here (a test holds them to it), so code above the
    store layer can call nothing one back end lacks.
    """

    path: Any
    """Where the store is, for messages: a `Path`, or a URL without its password."""
    conn: Any
    """The connection, for the store layer's own queries (study cards, reports, copying):
    `execute(sql, params)` with `?` placeholders, in the SQL both back ends share."""

    @property
    def durable(self) -> bool: ...

    def __enter__(self) -> ResultsStore: ...
    def __exit__(self, *exc: object) -> None: ...
    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...

    def import_attempt(self, record: AttemptRecord) -> bool: ...
    def merge_attempt(self, record: AttemptRecord) -> bool: ...
    def merge_in(self, conn: Any, record: AttemptRecord) -> tuple[int, bool]: ...
    def delete_attempt(self, attempt_id: int) -> None: ...

    # trust in imported result files, and a grader's removals
    def imported_file(self, digest: str) -> bool: ...
    def import_result(
        self,
        record: AttemptRecord,
        *,
        verified: bool,
        content_digest: str,
        file_digest: str,
        file_name: str,
    ) -> ImportOutcome: ...
    def unverified(self) -> set[str]: ...
    def list_attempts(
        self, *, student: str | None = None, bank: str | None = None
    ) -> list[AttemptSummary]: ...
    def remove_attempts(self, attempt_ids: list[int]) -> list[int]: ...
    def removals(self) -> list[tuple[str, str, str]]: ...
    def abandon_attempt(self, attempt_id: int) -> bool: ...

    def attempt(self, attempt_id: int) -> AttemptRecord | None: ...
    def attempt_by_uid(self, uid: str) -> AttemptRecord | None: ...
    def unfinished(self, student: str | None = None) -> list[AttemptRecord]: ...
    def attempts(
        self, *, finished: bool | None = True, student: str | None = None, since: str | None = None
    ) -> Iterator[AttemptRecord]: ...
    def attempts_after(self, after_id: int, limit: int) -> list[AttemptRecord]: ...
    def report_rows(
        self,
        *,
        student: str | None = None,
        since: str | None = None,
        mode: str | None = None,
        responses: bool = True,
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]: ...
    def students(self) -> list[str]: ...


def is_database_failure(exc: BaseException) -> bool:
    """Whether `exc` is the database failing under a running command (a full disk, a lost
    server), which ends the command with one line, rather than a bug. Neither driver is
    imported to tell: a store that is not in use costs nothing."""
    return isinstance(exc, StoreError) or any(
        cls.__module__.split(".")[0] in ("sqlite3", "psycopg")
        and cls.__name__ in ("Error", "DatabaseError", "OperationalError")
        for cls in type(exc).__mro__
    )


def is_url(location: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL URL; anything else is an SQLite file."""
    text = os.fspath(location)
    return any(text.startswith(f"{scheme}://") for scheme in URL_SCHEMES)


def redacted(url: str) -> str:
    """The URL as messages may show it: any password is replaced by `***`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://***"
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def default_location() -> str | Path:
    """`CASEQUIZ_DB` (a path or a URL), else `casequiz.db` in the user's data directory."""
    if configured := os.environ.get("CASEQUIZ_DB"):
        return configured if is_url(configured) else Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("casequiz", appauthor=False)) / "casequiz.db"


def open_store(location: str | os.PathLike[str] | None = None) -> ResultsStore:
    """The store at `location` (default: `default_location()`), created or migrated as needed.

    Raises `StoreError` with one printable line (never a password) when it cannot be used.
    """
    if location is None:
        location = default_location()
    if is_url(location):
        from casequiz.store.postgres import PgStore

        return PgStore(os.fspath(location))
    from casequiz.store.db import Store

    return Store(location)


def exists(location: str | os.PathLike[str]) -> bool:
    """Whether there may be a store at `location` (a server is asked only when it is opened)."""
    return is_url(location) or Path(location).exists()
