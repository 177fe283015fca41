"""The embedded results store: one SQLite file that never loses a committed answer.

Every write is its own `BEGIN IMMEDIATE` transaction, so a writer takes the lock before it reads
and never fails half-way with "database is locked"; WAL lets readers go on meanwhile, and
`synchronous=FULL` makes a commit survive even a power cut. Several processes may write at
once (students sharing a machine, a grader importing): a busy store is waited for, not an error.

The SQL here is written in the dialect SQLite and PostgreSQL share (`ON CONFLICT`, `RETURNING`,
`?` placeholders that the PostgreSQL connection rewrites), so `casequiz.store.postgres.PgStore`
inherits every query and overrides only connecting, transactions, versioning and streaming.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from casequiz.records import AnswerRecord, AttemptRecord, SealedMapping, json_text
from casequiz.store.base import StoreError
from casequiz.store.cells import answer_cells
from casequiz.store.schema import CELLS_VERSION, MIGRATIONS, SCHEMA_VERSION
from casequiz.store.sqlitejson import add_functions

__all__ = ["Store", "StoreError", "default_path"]

BUSY_TIMEOUT_MS = 10_000
LOCK_PATIENCE_S = 120.0
"""How long a write waits for other writers, in all, before giving up."""


_ANY_TABLE = "SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1"
_FOREIGN = (
    "{path}: an SQLite database, but not a casequiz results store; "
    "choose another file with --db or CASEQUIZ_DB"
)


def default_path() -> Path:
    """`CASEQUIZ_DB`, else `casequiz.db` in the user's data directory."""
    if configured := os.environ.get("CASEQUIZ_DB"):
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("casequiz", appauthor=False)) / "casequiz.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ImportOutcome(NamedTuple):
    """What importing a result file did: "imported", "present" or "conflict", with the
    store's attempt and the file it was first imported from (None for a local attempt)."""

    status: str
    attempt_id: int
    source: str | None


class AttemptSummary(NamedTuple):
    """One line of `casequiz results list`."""

    id: int
    uid: str
    student: str
    banks: tuple[str, ...]
    mode: str
    started_at: str
    finished_at: str | None
    score: float | None
    max_score: float | None
    verified: bool
    abandoned_at: str | None
    origin: str


_SQLITE_HEADER = b"SQLite format 3\x00"

_FAILURES = (
    (("readonly", "read-only"), "it is read-only (the file, its folder or its disk)"),
    (("disk is full", "no space"), "the disk is full"),
    (("malformed", "disk image"), "the file is damaged (not a whole SQLite database)"),
    (("not a database", "file is encrypted"), "the file is not an SQLite database"),
    (("disk i/o",), "the disk failed to read or write it (a disk I/O error)"),
    (("unable to open",), "the file or its folder cannot be opened"),
)
"""SQLite's messages, and what they mean to the person who has to fix it."""


def failure(exc: BaseException, path: Path | None = None) -> str:
    """What went wrong with the store at `path`, in words that say what to fix.

    SQLite says "disk I/O error" or "unable to open database file" for a full disk and a
    read-only file system alike; the file system itself is asked which it is.
    """
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return exc.strerror or str(exc)
    message = str(exc).lower()
    found = None
    if path is not None and str(path) != ":memory:" and _io_failure(message):
        found = _file_system_problem(path)
    if found is not None:
        return f"{found} ({exc})"
    for words, meaning in _FAILURES:
        if any(word in message for word in words):
            return f"{meaning} ({exc})"
    return str(exc)


def _io_failure(message: str) -> bool:
    return any(w in message for w in ("disk i/o", "unable to open", "readonly", "disk is full"))


def _file_system_problem(path: Path) -> str | None:
    """A read-only file system, a full disk or a folder casequiz may not write to, if any."""
    folder = path.parent
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    if found.f_flag & getattr(os, "ST_RDONLY", 1):
        return f"{folder} is on a read-only file system"
    if found.f_bavail == 0:
        return f"the disk that holds {folder} is full"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "it is read-only: casequiz must be able to write to the file and its folder"
    return None


def _check_file(path: Path) -> None:
    """Refuse a folder, a device or a FIFO, and a file of another kind, before SQLite opens it.

    SQLite takes an empty file, or one of a few bytes, for a new database and writes a store
    over it: whatever was in it would be lost.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        raise StoreError(f"{path}: cannot open the results store: {failure(exc)}") from None
    import stat

    if stat.S_ISDIR(status.st_mode):
        raise StoreError(
            f"{path} is a folder: give --db the path of a store file, such as "
            f"{path / 'casequiz.db'}"
        )
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(f"{path} is not a regular file: give --db the path of a store file")
    if status.st_size == 0:
        return
    with path.open("rb") as file:
        head = file.read(len(_SQLITE_HEADER))
    if head != _SQLITE_HEADER:
        raise StoreError(
            f"{path}: not an SQLite database, so not a casequiz results store; "
            "choose another file with --db or CASEQUIZ_DB"
        )


_dumps = json_text


def _fill_cells(conn: sqlite3.Connection) -> None:
    """The cells of every answer stored before the store kept them (`store.cells`), made from
    its columns a batch at a time, in the migration's transaction."""
    after = 0
    sql = (
        "SELECT id, topic, response, score, max_score, status, seconds FROM answers "
        "WHERE id > ? ORDER BY id LIMIT 10000"
    )
    cursor = conn.cursor()
    cursor.row_factory = None
    while rows := cursor.execute(sql, (after,)).fetchall():
        made = answer_cells(row[1:] for row in rows)
        cursor.executemany(
            "UPDATE answers SET cells = ? WHERE id = ?",
            [(cells, row[0]) for cells, row in zip(made, rows, strict=True)],
        )
        after = rows[-1][0]


def _verdict_text(verdict: dict[str, Any]) -> str:
    """A verdict's JSON text: the text a sealed one keeps, else encoded here."""
    return verdict.text if type(verdict) is SealedMapping else _dumps(verdict)


class Store:
    """A connection to one results store; use as a context manager or call `close()`."""

    _keeps_cells = True
    """Whether answers are saved with their CSV cells (`store.cells`), which SQLite's CSV
    export joins into its lines."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                _check_file(self.path)
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
            self.conn.row_factory = sqlite3.Row
            add_functions(self.conn)  # the report queries' own
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = FULL")
            self._check_kind()  # before WAL: switching would already change a stranger's file
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
            self._migrate()
        except (sqlite3.Error, OSError, StoreError) as exc:
            if conn := getattr(self, "conn", None):
                conn.close()
            if isinstance(exc, StoreError):
                raise
            what = failure(exc, self.path)
            if what.startswith(("the file is not", "the file is damaged")):
                raise StoreError(f"{path}: not a casequiz results store: {what}") from None
            raise StoreError(f"{path}: cannot open the results store: {what}") from None

    @property
    def durable(self) -> bool:
        """Whether what is saved outlives this process (not so for `--db :memory:`)."""
        return str(self.path) != ":memory:"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- transactions -------------------------------------------------------------------------

    def _retry(self, action: Any) -> Any:
        deadline = time.monotonic() + LOCK_PATIENCE_S
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                message = str(exc)
                if "locked" not in message and "busy" not in message:
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{self.path}: the store stayed busy for {LOCK_PATIENCE_S:.0f} s; try again"
                    ) from None
                time.sleep(random.uniform(0.005, 0.05))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: the lock is taken first, the commit is durable on return."""
        self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._retry(lambda: self.conn.execute("COMMIT"))

    def _check_kind(self) -> None:
        """Refuse, untouched, a store of a newer casequiz or another program's database.

        The version and the table list are read in one snapshot, so a store that another
        process is creating at this very moment is never mistaken for a stranger's file.
        """
        self._retry(lambda: self.conn.execute("BEGIN"))
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            foreign = version == 0 and self.conn.execute(_ANY_TABLE).fetchone() is not None
        finally:
            self.conn.execute("COMMIT")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer casequiz (store version "
                f"{version}, this one reads up to {SCHEMA_VERSION}): update casequiz"
            )
        if foreign:
            raise StoreError(_FOREIGN.format(path=self.path))

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current > number:
                    continue  # another process migrated meanwhile
                if current == 0 and conn.execute(_ANY_TABLE).fetchone():
                    raise StoreError(_FOREIGN.format(path=self.path))
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if number + 1 == CELLS_VERSION:
                    _fill_cells(conn)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    # -- writing ------------------------------------------------------------------------------

    @staticmethod
    def _student_id(conn: Any, name: str) -> int:
        return student_id(conn, name)

    def create_attempt(self, record: AttemptRecord) -> int:
        """Store a new attempt (and any answers it carries); returns its id."""
        with self.transaction() as conn:
            record.id = self._insert_attempt(conn, record) or 0
            self._upsert_answers(conn, record.id, record.answers)
        return record.id

    def _insert_attempt(
        self,
        conn: Any,
        record: AttemptRecord,
        *,
        if_new: bool = False,
        verified: bool = True,
        content_digest: str | None = None,
    ) -> int | None:
        """Insert the attempt; with `if_new`, None (and nothing written) when its uid is here.

        The uid's UNIQUE constraint decides, not a look-up first: two writers importing the same
        attempt at once (on one host or several) store it once. `verified` and `content_digest`
        are an imported attempt's (the columns' defaults are a local attempt's).
        """
        cursor = conn.execute(
            """INSERT INTO attempts(uid, student_id, mode, banks, seed, selection, plan, position,
                   flags, time_limit, started_at, finished_at, score, max_score, origin, version,
                   verified, content_digest)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
            + (" ON CONFLICT(uid) DO NOTHING" if if_new else "")
            + " RETURNING id",
            (
                record.uid,
                self._student_id(conn, record.student),
                record.mode,
                _dumps(record.banks),
                record.seed,
                _dumps(record.selection),
                _dumps(record.plan),
                record.position,
                _dumps(record.flags),
                record.time_limit,
                record.started_at,
                record.finished_at,
                record.score,
                record.max_score,
                record.origin,
                record.version,
                1 if verified else 0,
                content_digest,
            ),
        )
        row = cursor.fetchone()
        return None if row is None else int(row[0])

    def _upsert_answers(
        self,
        conn: Any,
        attempt_id: int,
        answers: list[AnswerRecord],
        *,
        newer_only: bool = False,
    ) -> None:
        """Insert or replace each slot's answer, in one statement for them all (`executemany`);
        with `newer_only`, replace only an older one. Its CSV cells (`store.cells`) are made
        here, the one place answers are written, and replaced with every column they show."""
        responses = [_dumps(answer.response) for answer in answers]
        cells: list[str | None] = [None] * len(answers)
        if self._keeps_cells:
            cells = answer_cells(
                (a.topic, text, a.score, a.max_score, a.status, a.seconds)
                for a, text in zip(answers, responses, strict=True)
            )
        conn.executemany(
            """INSERT INTO answers(attempt_id, slot, bank_id, question_id, topic, response, score,
                   max_score, status, verdict, answered_at, seconds, cells)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(attempt_id, slot) DO UPDATE SET
                   topic = excluded.topic, response = excluded.response,
                   score = excluded.score, max_score = excluded.max_score,
                   status = excluded.status, verdict = excluded.verdict,
                   answered_at = excluded.answered_at, seconds = excluded.seconds,
                   cells = excluded.cells"""
            + (" WHERE excluded.answered_at > answers.answered_at" if newer_only else ""),
            [
                (
                    attempt_id,
                    answer.slot,
                    answer.bank_id,
                    answer.question_id,
                    answer.topic,
                    response,
                    answer.score,
                    answer.max_score,
                    answer.status,
                    _verdict_text(answer.verdict),
                    answer.answered_at,
                    answer.seconds,
                    made,
                )
                for answer, response, made in zip(answers, responses, cells, strict=True)
            ],
        )

    def save_answer(
        self,
        attempt_id: int,
        answer: AnswerRecord,
        position: int | None = None,
        flags: list[int] | None = None,
    ) -> None:
        """Commit one answer (replacing an earlier answer to the same slot) durably."""
        with self.transaction() as conn:
            self._upsert_answers(conn, attempt_id, [answer])
            self._progress(conn, attempt_id, position, flags)

    def save_progress(
        self, attempt_id: int, position: int | None = None, flags: list[int] | None = None
    ) -> None:
        """Remember where the student is and what they flagged, for `resume`."""
        with self.transaction() as conn:
            self._progress(conn, attempt_id, position, flags)

    @staticmethod
    def _progress(
        conn: Any, attempt_id: int, position: int | None, flags: list[int] | None
    ) -> None:
        if position is not None:
            conn.execute("UPDATE attempts SET position = ? WHERE id = ?", (position, attempt_id))
        if flags is not None:
            conn.execute("UPDATE attempts SET flags = ? WHERE id = ?", (_dumps(flags), attempt_id))

    def finish_attempt(
        self, attempt_id: int, finished_at: str, score: float, max_score: float
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE attempts SET finished_at = ?, score = ?, max_score = ? WHERE id = ?",
                (finished_at, score, max_score, attempt_id),
            )

    def import_attempt(self, record: AttemptRecord) -> bool:
        """Merge a finished attempt from a result file; False if it is already here."""
        with self.transaction() as conn:
            attempt_id = self._insert_attempt(conn, record, if_new=True)
            if attempt_id is None:
                return False
            self._upsert_answers(conn, attempt_id, record.answers)
        return True

    def merge_attempt(self, record: AttemptRecord) -> bool:
        """Bring the attempt of another store in; True if it was new here.

        An attempt already here keeps the newer of each answer, and takes the other store's
        progress, finish and score when the other one went further. Merging twice changes
        nothing, so a copy between stores can be repeated in either direction.
        """
        with self.transaction() as conn:
            return self.merge_in(conn, record)[1]

    def merge_in(self, conn: Any, record: AttemptRecord) -> tuple[int, bool]:
        """`merge_attempt` inside the caller's transaction: (the attempt's id here, whether it
        was new), so a copy merges a batch of attempts in one transaction."""
        attempt_id = self._insert_attempt(conn, record, if_new=True)
        new = attempt_id is not None
        if attempt_id is None:
            attempt_id = int(
                conn.execute("SELECT id FROM attempts WHERE uid = ?", (record.uid,)).fetchone()[0]
            )
            conn.execute(
                """UPDATE attempts SET position = ?, flags = ? WHERE id = ? AND position < ?""",
                (record.position, _dumps(record.flags), attempt_id, record.position),
            )
            if record.finished_at is not None:
                conn.execute(
                    """UPDATE attempts SET finished_at = ?, score = ?, max_score = ?
                       WHERE id = ? AND finished_at IS NULL""",
                    (record.finished_at, record.score, record.max_score, attempt_id),
                )
        self._upsert_answers(conn, attempt_id, record.answers, newer_only=True)
        return attempt_id, new

    def imported_file(self, digest: str) -> bool:
        """Whether a file with these exact bytes was imported before (no need to read it again)."""
        row = self.conn.execute("SELECT 1 FROM imported_files WHERE digest = ?", (digest,))
        return row.fetchone() is not None

    def import_result(
        self,
        record: AttemptRecord,
        *,
        verified: bool,
        content_digest: str,
        file_digest: str,
        file_name: str,
    ) -> ImportOutcome:
        """Merge an attempt from a result file, recognising it by content as well as by uid.

        The same attempt under another uid (a copy) is "present"; a different attempt under a
        uid already here is a "conflict", reported with the file the stored one came from.
        """
        now = _now()
        with self.transaction() as conn:
            same, owner = None, None
            for row in conn.execute(  # both look-ups in one statement, each by its index
                "SELECT id, uid, content_digest FROM attempts "
                "WHERE content_digest = ? OR uid = ? ORDER BY id",
                (content_digest, record.uid),
            ):
                if row[2] == content_digest:
                    same = same or row
                if row[1] == record.uid:
                    owner = row
            if same is None and owner is not None:
                held = owner[2] or self._content_digest(owner[0])
                if held != content_digest:
                    return ImportOutcome("conflict", owner[0], self._source_name(owner[0]))
                same = owner
            if same is not None:
                conn.execute(
                    "INSERT INTO imported_files(digest, attempt_id, name, imported_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(digest) DO NOTHING",
                    (file_digest, same[0], file_name, now),
                )
                return ImportOutcome("present", same[0], self._source_name(same[0]))
            attempt_id = self._insert_attempt(
                conn, record, verified=verified, content_digest=content_digest
            )
            self._upsert_answers(conn, attempt_id, record.answers)
            conn.execute(
                "INSERT INTO imported_files(digest, attempt_id, name, imported_at) "
                "VALUES (?, ?, ?, ?)",
                (file_digest, attempt_id, file_name, now),
            )
        return ImportOutcome("imported", attempt_id, file_name)

    def _source_name(self, attempt_id: int) -> str | None:
        row = self.conn.execute(
            "SELECT name FROM imported_files WHERE attempt_id = ? ORDER BY imported_at LIMIT 1",
            (attempt_id,),
        ).fetchone()
        return row[0] if row else None

    def _content_digest(self, attempt_id: int) -> str | None:
        """The content digest of an attempt stored before digests were kept (or taken here)."""
        from casequiz.records import content_digest

        record = self.attempt(attempt_id)
        return content_digest(record) if record is not None else None

    def unverified(self) -> set[str]:
        """The uids of attempts imported without their bank, so not re-scored."""
        rows = self.conn.execute("SELECT uid FROM attempts WHERE verified = 0")
        return {row[0] for row in rows}

    def list_attempts(
        self, *, student: str | None = None, bank: str | None = None
    ) -> list[AttemptSummary]:
        """Every attempt (finished, unfinished or abandoned), oldest first, without answers."""
        where, params = _filters(student=student)
        rows = self.conn.execute(
            "SELECT a.id, a.uid, s.name, a.banks, a.mode, a.started_at, a.finished_at, a.score, "
            "a.max_score, a.verified, a.abandoned_at, a.origin FROM attempts a "
            f"JOIN students s ON s.id = a.student_id {where} ORDER BY a.started_at, a.id",
            params,
        ).fetchall()
        found = []
        for row in rows:
            try:
                banks = [str(b.get("id", "")) for b in json.loads(row[3])]
            except (ValueError, TypeError, AttributeError):
                banks = []
            if bank is not None and bank not in banks:
                continue
            found.append(
                AttemptSummary(
                    row[0], row[1], row[2], tuple(banks), *row[4:9], bool(row[9]), row[10], row[11]
                )
            )
        return found

    def remove_attempts(self, attempt_ids: list[int]) -> list[int]:
        """Remove attempts with their answers, keeping a copy of each in `removals`.

        Returns the ids that were there. A grader's removal is itself on record: what was
        removed, whose it was and when.
        """
        removed: list[int] = []
        with self.transaction() as conn:
            for attempt_id in attempt_ids:
                record = self.attempt(attempt_id)
                if record is None:
                    continue
                conn.execute(
                    "INSERT INTO removals(attempt_uid, student, removed_at, record) "
                    "VALUES (?, ?, ?, ?)",
                    (record.uid, record.student, _now(), _dumps(record.to_json())),
                )
                conn.execute("DELETE FROM imported_files WHERE attempt_id = ?", (attempt_id,))
                conn.execute("DELETE FROM answers WHERE attempt_id = ?", (attempt_id,))
                conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
                removed.append(attempt_id)
        return removed

    def removals(self) -> list[tuple[str, str, str]]:
        """(uid, student, removed at) of every removed attempt, oldest first."""
        rows = self.conn.execute(
            "SELECT attempt_uid, student, removed_at FROM removals ORDER BY id"
        )
        return [tuple(row) for row in rows]

    def abandon_attempt(self, attempt_id: int) -> bool:
        """Set an unfinished attempt aside for good: kept, but never offered to resume."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE attempts SET abandoned_at = ? "
                "WHERE id = ? AND finished_at IS NULL AND abandoned_at IS NULL",
                (_now(), attempt_id),
            )
        return cursor.rowcount == 1

    def delete_attempt(self, attempt_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM answers WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))

    # -- reading ------------------------------------------------------------------------------

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        rows = list(self._attempt_rows("WHERE a.id = ?", (attempt_id,)))
        return rows[0] if rows else None

    def attempt_by_uid(self, uid: str) -> AttemptRecord | None:
        rows = list(self._attempt_rows("WHERE a.uid = ?", (uid,)))
        return rows[0] if rows else None

    def unfinished(self, student: str | None = None) -> list[AttemptRecord]:
        """Attempts not yet finished, the most recent first."""
        where, params = "WHERE a.finished_at IS NULL AND a.abandoned_at IS NULL", ()
        if student is not None:
            where, params = where + " AND s.name = ?", (student,)
        return sorted(self._attempt_rows(where, params), key=lambda r: r.started_at, reverse=True)

    def attempts(
        self, *, finished: bool | None = True, student: str | None = None, since: str | None = None
    ) -> Iterator[AttemptRecord]:
        """Attempts with their answers, oldest first."""
        where, params = _filters(finished=finished, student=student, since=since)
        return self._attempt_rows(where, params)

    def attempts_after(self, after_id: int, limit: int) -> list[AttemptRecord]:
        """The next `limit` attempts (finished or not, with their answers) by id after
        `after_id`, in start order: a whole store read a batch at a time, in bounded memory."""
        row = self.conn.execute(
            "SELECT MAX(id) FROM (SELECT id FROM attempts WHERE id > ? ORDER BY id LIMIT ?) b",
            (after_id, limit),
        ).fetchone()
        if row is None or row[0] is None:
            return []
        return list(self._attempt_rows("WHERE a.id > ? AND a.id <= ?", (after_id, row[0])))

    def report_rows(
        self,
        *,
        student: str | None = None,
        since: str | None = None,
        mode: str | None = None,
        responses: bool = True,
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Finished attempts and their answers as plain tuples, oldest first, for reports.

        A report over a thousand attempts reads a hundred thousand answers: plain tuples, no
        JSON decoded, and (without `responses`) no response text fetched at all.
        Attempts: (id, uid, student, mode, banks JSON, plan JSON, started_at, finished_at,
        score, max_score). Answers: (attempt_id, slot, bank_id, question_id, topic, score,
        max_score, status, response JSON or 'null', seconds or None).
        """
        where, params = _filters(finished=True, student=student, since=since, mode=mode)
        attempts = list(
            self._stream(
                "SELECT a.id, a.uid, s.name, a.mode, a.banks, a.plan, a.started_at, "
                "a.finished_at, a.score, a.max_score FROM attempts a "
                f"JOIN students s ON s.id = a.student_id {where} ORDER BY a.started_at, a.id",
                params,
            )
        )
        if not attempts:
            return [], []
        extra = "n.response, n.seconds" if responses else "'null', NULL"
        answers = list(
            self._stream(
                f"SELECT n.attempt_id, n.slot, n.bank_id, n.question_id, n.topic, n.score, "
                f"n.max_score, n.status, {extra} FROM answers n WHERE n.attempt_id IN "
                f"(SELECT a.id FROM attempts a JOIN students s ON s.id = a.student_id {where})",
                params,
            )
        )
        return attempts, answers

    def _stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a read query as plain tuples, fetched as they are consumed.

        Plain tuples, because named rows cost more to build over a hundred thousand answers.
        """
        cursor = self.conn.cursor()
        cursor.row_factory = None
        yield from cursor.execute(sql, params)

    def students(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM students ORDER BY name")]

    def _attempt_rows(self, where: str, params: tuple[Any, ...]) -> Iterator[AttemptRecord]:
        rows = self.conn.execute(
            f"""SELECT a.*, s.name AS student FROM attempts a JOIN students s ON s.id = a.student_id
                {where} ORDER BY a.started_at, a.id""",
            params,
        ).fetchall()
        if not rows:
            return
        answers: dict[int, list[AnswerRecord]] = {row["id"]: [] for row in rows}
        ids = list(answers)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT * FROM answers WHERE attempt_id IN ({marks}) ORDER BY attempt_id, slot",
                chunk,
            ):
                answers[row["attempt_id"]].append(
                    AnswerRecord(
                        slot=row["slot"],
                        bank_id=row["bank_id"],
                        question_id=row["question_id"],
                        topic=row["topic"],
                        response=json.loads(row["response"]),
                        score=row["score"],
                        max_score=row["max_score"],
                        status=row["status"],
                        verdict=json.loads(row["verdict"]),
                        answered_at=row["answered_at"],
                        seconds=row["seconds"],
                    )
                )
        for row in rows:
            yield AttemptRecord(
                id=row["id"],
                uid=row["uid"],
                student=row["student"],
                mode=row["mode"],
                banks=json.loads(row["banks"]),
                plan=json.loads(row["plan"]),
                started_at=row["started_at"],
                version=row["version"],
                seed=row["seed"],
                selection=json.loads(row["selection"]),
                position=row["position"],
                flags=json.loads(row["flags"]),
                time_limit=row["time_limit"],
                finished_at=row["finished_at"],
                score=row["score"],
                max_score=row["max_score"],
                origin=row["origin"],
                answers=answers[row["id"]],
            )


def student_id(conn: Any, name: str) -> int:
    """The student's id, the student added if new: the UNIQUE name decides, so two writers
    adding one student at once (on one host or several) add one."""
    row = conn.execute(
        "INSERT INTO students(name) VALUES (?) ON CONFLICT DO NOTHING RETURNING id", (name,)
    ).fetchone()
    if row is None:  # there already: one more statement than a new student takes
        row = conn.execute("SELECT id FROM students WHERE name = ?", (name,)).fetchone()
    return int(row[0])


def _filters(
    *,
    finished: bool | None = None,
    student: str | None = None,
    since: str | None = None,
    mode: str | None = None,
) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause over `attempts a JOIN students s`, and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if finished is not None:
        clauses.append("a.finished_at IS NOT NULL" if finished else "a.finished_at IS NULL")
    for column, value in (("s.name", student), ("a.mode", mode)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        clauses.append("a.started_at >= ?")
        params.append(since)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(params)
