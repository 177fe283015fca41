"""The department's results store: PostgreSQL through psycopg 3, written by many hosts at once.

`PgStore` inherits every query of the SQLite store (they are written in the SQL both share) and
replaces what differs: the connection (`?` placeholders become psycopg's `%s`), transactions,
the schema version (a one-row `casequiz_schema` table) and streaming (a server-side cursor).

Each write is one transaction, committed with `synchronous_commit = on` before the call
returns, as SQLite's `BEGIN IMMEDIATE ... COMMIT` is. Writers on several hosts need no lock of
ours: every write that could race is settled by a constraint (a student's name, an attempt's
uid and an answer's slot are UNIQUE, and the writes are `INSERT ... ON CONFLICT`), so two hosts
saving at once never lose an answer and never store an attempt twice.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from casequiz.records import AttemptRecord
from casequiz.store.base import StoreError, StoreRefused, StoreUnavailable, redacted
from casequiz.store.db import Store
from casequiz.store.schema import MIGRATIONS, SCHEMA_VERSION, postgres_migration

CONNECT_TIMEOUT_S = 10
STREAM_BATCH = 2000
"""Rows a server-side cursor fetches at a time: a report never holds a year's answers at once."""

_FOREIGN = (
    "{path}: a PostgreSQL database, but its tables are not a casequiz results store; "
    "choose another database or schema with --db or CASEQUIZ_DB"
)
_cursor_names = itertools.count(1)


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """The shared SQL with psycopg's placeholders (and any literal `%` doubled for it)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Row:
    """A result row read by position or by column name, like `sqlite3.Row`."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, (Row, tuple)) else other)

    __hash__ = None  # type: ignore[assignment]

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _Cursor:
    """A cursor that speaks the shared SQL; `row_factory = None` asks for plain tuples."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn
        self.row_factory: Any = _row_factory

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        factory = self.row_factory or tuple_row
        cursor = self._conn.cursor(row_factory=factory)
        return cursor.execute(_pg_sql(sql), tuple(params))


class Connection:
    """The psycopg connection as the shared queries use it: `execute(sql, params)`."""

    report_queries = "casequiz.store.pg_reportquery"
    """Where the twins of `store.reportquery`'s SQLite queries are."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn
        self.report_readers = 0
        """Report streams open on this connection (`pg_reportquery`), sharing one transaction."""
        self.report_transaction = False
        """Whether the report streams began the transaction they read in (and so end it)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(_pg_sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement for many rows, as `sqlite3`'s: psycopg sends them in one pipeline."""
        with self.raw.cursor() as cursor:
            cursor.executemany(_pg_sql(sql), [tuple(row) for row in rows])

    def cursor(self) -> _Cursor:
        return _Cursor(self.raw)

    def close(self) -> None:
        self.raw.close()


def _holds_nul(value: Any) -> bool:
    """Whether a JSON-ready value holds a text with a NUL character, at any depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


def _reason(exc: BaseException, password: str | None) -> str:
    """libpq's message in one line, without its `FATAL:` prefix (and never the password)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for prefix in ("connection failed: ",):
        text = text.removeprefix(prefix)
    if "FATAL:" in text:
        text = text.split("FATAL:", 1)[1].strip()
    elif ": " in text and "failed:" in text:
        text = text.rsplit("failed:", 1)[1].strip()
    if password:
        text = text.replace(password, "***")
    return text


def _retried_on_conflict(method: Any) -> Any:
    """`method`, run again (up to twice more) when a concurrent writer's insert won a UNIQUE
    constraint first: the next run sees what that writer committed."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        for _ in range(2):
            try:
                return method(self, *args, **kwargs)
            except psycopg.errors.UniqueViolation:
                continue
        return method(self, *args, **kwargs)

    return run


class PgStore(Store):
    """A connection to one results store in a PostgreSQL database (its current schema)."""

    _keeps_cells = False
    """Its exports are made from the columns (`pg_reportquery.Drawn`), and its text could not
    hold the NUL a response's cell may show."""

    def __init__(self, url: str) -> None:
        self.path = redacted(url)
        self.url = url
        password = None
        try:
            from urllib.parse import urlsplit

            password = urlsplit(url).password
        except ValueError:
            pass
        try:
            raw = psycopg.connect(
                url,
                autocommit=True,
                row_factory=_row_factory,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name="casequiz",
            )
        except psycopg.Error as exc:
            raise StoreUnavailable(
                f"{self.path}: cannot open the results store ({_reason(exc, password)})"
            ) from None
        self.conn = Connection(raw)  # type: ignore[assignment]
        try:
            raw.execute("SET synchronous_commit TO on")
            self._check_kind()
            self._migrate()
        except (psycopg.Error, StoreError) as exc:
            raw.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                f"{self.path}: cannot use the results store ({_reason(exc, password)})"
            ) from None

    def close(self) -> None:
        self.conn.close()

    def _insert_attempt(self, conn: Any, record: AttemptRecord, **options: Any) -> int | None:
        """As on SQLite, but an attempt whose plan names a bank or question with a NUL
        character is refused whole: the plan's JSON can hold the escape, but every report
        reads the plan's ids as text, which PostgreSQL cannot make of it, so one such attempt
        would stop every report of the store. (An answer to such a question is refused already,
        by its text columns.)"""
        if _holds_nul(record.plan):
            raise StoreRefused(
                self.path,
                "PostgreSQL text cannot contain NUL (0x00) characters, and the attempt's plan "
                "names a bank or question with one",
            )
        return super()._insert_attempt(conn, record, **options)

    @property
    def _raw(self) -> psycopg.Connection[Any]:
        return self.conn.raw  # type: ignore[attr-defined,no-any-return]

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Any]:  # type: ignore[override]
        """One write transaction, committed (durably) when the block ends, rolled back if it
        raises. A lost connection is a `StoreError`, like a store SQLite cannot write.

        Never while a report is being read on this connection: the write would be part of the
        report's transaction, not committed when this block ends."""
        if self.conn.report_transaction:  # type: ignore[attr-defined]
            raise RuntimeError(f"{self.path}: a write while a report is still being read")
        try:
            with self._raw.transaction():
                yield self.conn
        except psycopg.OperationalError as exc:
            raise StoreError(f"{self.path}: {_reason(exc, None)}") from None
        except psycopg.DataError as exc:  # text with a NUL character, which PostgreSQL refuses
            raise StoreRefused(self.path, _reason(exc, None)) from None

    def _version(self) -> int | None:
        """The schema version, 0 for an empty schema, None for someone else's tables.

        The catalog is read in one statement (one snapshot), never through a name look-up,
        whose cache may not yet show a store another process has just created.
        """
        ours, tables = self.conn.execute(
            "SELECT COUNT(*) FILTER (WHERE tablename = 'casequiz_schema'), COUNT(*) "
            "FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
        if not ours:
            return None if tables else 0
        row = self.conn.execute("SELECT version FROM casequiz_schema").fetchone()
        return int(row[0]) if row else 0

    def _check_kind(self) -> None:
        version = self._version()
        if version is None:
            raise StoreError(_FOREIGN.format(path=self.path))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer casequiz (store version "
                f"{version}, this one reads up to {SCHEMA_VERSION}): update casequiz"
            )

    def _migrate(self) -> None:
        """Bring the schema up to date in one transaction, one migrating process at a time."""
        if self._version() == SCHEMA_VERSION:
            return
        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('casequiz:' || current_schema()))")
            self._check_kind()  # another process may have migrated meanwhile
            version = self._version() or 0
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                conn.execute("CREATE TABLE casequiz_schema (version INTEGER NOT NULL)")
                conn.execute("INSERT INTO casequiz_schema VALUES (0)")
            for number in range(version, SCHEMA_VERSION):
                for statement in postgres_migration(MIGRATIONS[number]).split(";"):
                    if statement.strip():
                        conn.raw.execute(statement)
            conn.execute("UPDATE casequiz_schema SET version = ?", (SCHEMA_VERSION,))

    # -- writing ------------------------------------------------------------------------------

    import_result = _retried_on_conflict(Store.import_result)
    """As on SQLite; two hosts importing the same attempt at once both try to insert it, the
    uid's constraint lets one win, and the other, tried again, finds it there."""

    # -- reading ------------------------------------------------------------------------------

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows through a server-side cursor, `STREAM_BATCH` at a time."""
        with self._raw.transaction():
            name = f"casequiz_stream_{next(_cursor_names)}"
            with self._raw.cursor(name=name, row_factory=tuple_row) as cursor:
                cursor.itersize = STREAM_BATCH
                cursor.execute(_pg_sql(sql), params)
                yield from cursor
