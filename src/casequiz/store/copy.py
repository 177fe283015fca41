"""Copy one results store into another: a classroom's SQLite file into the department's
PostgreSQL database, or a department's attempts back into a file for a grader's laptop.

Every table a store holds is carried: students, attempts with their answers and what the store
knows of them (verified or not, content digest, abandoned), the result files they were imported
from, the log of removed attempts, study cards and reviews. Rows are matched by what names them
in any store (an attempt's and a review's uid, a file's digest, a card's student and question, a
removal's attempt and time), never by the ids a store gives them, so copying again, or back,
adds nothing. The source is read a batch at a time (`BATCH` rows), each batch merged in one
transaction: memory is that of one batch, however big the store.

An attempt removed on purpose stays removed: a removal new to DST takes DST's copy of that
attempt away too, and an attempt DST has a removal of is not brought back, unless its result
file was imported again after that removal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from casequiz.store.base import ResultsStore
from casequiz.store.cards import CardStore

BATCH = 200
"""Rows read from the source, and merged into the destination, at a time."""


@dataclass
class CopyCounts:
    attempts: int = 0
    """Attempts read from the source."""
    new_attempts: int = 0
    """Of those, attempts the destination did not hold yet."""
    reviews: int = 0
    new_reviews: int = 0
    cards: int = 0
    files: int = 0
    """Records of imported result files read from the source."""
    new_files: int = 0
    removals: int = 0
    """Entries of the source's log of removed attempts."""
    new_removals: int = 0
    kept_removed: int = 0
    """Attempts not copied because the destination had removed them."""


def copy_store(source: ResultsStore, destination: ResultsStore) -> CopyCounts:
    """Merge everything `source` holds into `destination`."""
    counts = CopyCounts()
    _copy_students(source, destination)
    _copy_removals(source, destination, counts)
    _copy_attempts(source, destination, counts)
    _copy_study(source, destination, counts)
    return counts


def _keyed(store: ResultsStore, sql: str) -> Iterator[list[Any]]:
    """The rows of `sql` (which selects `id` first and takes `WHERE id > ?`), `BATCH` at a time
    in id order: a page of rows per query, never the whole table."""
    after = 0
    while True:
        rows = store.conn.execute(f"{sql} ORDER BY id LIMIT {BATCH}", (after,)).fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _copy_students(source: ResultsStore, destination: ResultsStore) -> None:
    """Every student, those who have only studied or whose attempts were removed too."""
    from casequiz.store.db import student_id

    for rows in _keyed(source, "SELECT id, name FROM students WHERE id > ?"):
        with destination.transaction() as conn:
            for row in rows:
                student_id(conn, row[1])


def _copy_removals(source: ResultsStore, destination: ResultsStore, counts: CopyCounts) -> None:
    sql = "SELECT id, attempt_uid, student, removed_at, record FROM removals WHERE id > ?"
    for rows in _keyed(source, sql):
        counts.removals += len(rows)
        with destination.transaction() as conn:
            for _id, uid, student, removed_at, record in rows:
                known = conn.execute(
                    "SELECT 1 FROM removals WHERE attempt_uid = ? AND removed_at = ?",
                    (uid, removed_at),
                ).fetchone()
                if known is not None:
                    continue
                counts.new_removals += 1
                conn.execute(
                    "INSERT INTO removals(attempt_uid, student, removed_at, record) "
                    "VALUES (?, ?, ?, ?)",
                    (uid, student, removed_at, record),
                )
                held = conn.execute("SELECT id FROM attempts WHERE uid = ?", (uid,)).fetchone()
                if held is not None and not _arrived_after(conn, held[0], removed_at):
                    conn.execute("DELETE FROM imported_files WHERE attempt_id = ?", (held[0],))
                    conn.execute("DELETE FROM answers WHERE attempt_id = ?", (held[0],))
                    conn.execute("DELETE FROM attempts WHERE id = ?", (held[0],))


def _arrived_after(conn: Any, attempt_id: int, moment: str | None) -> bool:
    """Whether the attempt's result file was (last) imported after `moment`."""
    row = conn.execute(
        "SELECT MAX(imported_at) FROM imported_files WHERE attempt_id = ?", (attempt_id,)
    ).fetchone()
    return row is not None and row[0] is not None and moment is not None and row[0] > moment


_TRUST = (
    "SELECT uid, verified, content_digest, abandoned_at FROM attempts WHERE id >= ? AND id <= ?"
)
_FILES = (
    "SELECT a.uid, f.digest, f.name, f.imported_at FROM imported_files f "
    "JOIN attempts a ON a.id = f.attempt_id WHERE a.id >= ? AND a.id <= ?"
)


def _copy_attempts(source: ResultsStore, destination: ResultsStore, counts: CopyCounts) -> None:
    after = 0
    while batch := source.attempts_after(after, BATCH):
        ids = [record.id or 0 for record in batch]
        span = (min(ids), max(ids))
        after = span[1]
        trust = {row[0]: row[1:] for row in source.conn.execute(_TRUST, span)}
        files: dict[str, list[Any]] = {}
        for uid, *file in source.conn.execute(_FILES, span):
            files.setdefault(uid, []).append(file)
        counts.attempts += len(batch)
        counts.files += sum(map(len, files.values()))
        with destination.transaction() as conn:
            for record in batch:
                own = files.get(record.uid, [])
                if _removed_here(conn, record.uid, max((f[2] for f in own), default=None)):
                    counts.kept_removed += 1
                    continue
                attempt_id, new = destination.merge_in(conn, record)
                counts.new_attempts += new
                _carry_trust(conn, attempt_id, trust.get(record.uid))
                for digest, name, imported_at in own:
                    inserted = conn.execute(
                        "INSERT INTO imported_files(digest, attempt_id, name, imported_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(digest) DO NOTHING RETURNING digest",
                        (digest, attempt_id, name, imported_at),
                    ).fetchone()
                    counts.new_files += inserted is not None


def _removed_here(conn: Any, uid: str, arrived: str | None) -> bool:
    """Whether the destination removed this attempt (not holding it now), and the source's copy
    did not arrive after that: it is not brought back."""
    if conn.execute("SELECT 1 FROM attempts WHERE uid = ?", (uid,)).fetchone() is not None:
        return False
    row = conn.execute(
        "SELECT MAX(removed_at) FROM removals WHERE attempt_uid = ?", (uid,)
    ).fetchone()
    removed = row[0] if row is not None else None
    return removed is not None and (arrived is None or arrived <= removed)


def _carry_trust(conn: Any, attempt_id: int, trust: Any) -> None:
    """An attempt unverified in either store stays unverified; its content digest and its
    abandonment are kept."""
    if trust is None:
        return
    verified, digest, abandoned_at = trust
    conn.execute(
        """UPDATE attempts SET verified = CASE WHEN ? < verified THEN ? ELSE verified END,
               content_digest = COALESCE(content_digest, ?),
               abandoned_at = COALESCE(abandoned_at, ?)
           WHERE id = ?""",
        (verified, verified, digest, abandoned_at, attempt_id),
    )


def _copy_study(source: ResultsStore, destination: ResultsStore, counts: CopyCounts) -> None:
    """Each student's cards, then their reviews `BATCH` at a time."""
    source_cards, destination_cards = CardStore(source), CardStore(destination)
    for student in source_cards.students():
        cards = source_cards.cards(student)
        counts.cards += len(cards)
        destination_cards.merge(cards, [])
        reviews = []
        for review in source_cards.reviews(student):
            reviews.append(review)
            if len(reviews) == BATCH:
                counts.reviews += len(reviews)
                counts.new_reviews += destination_cards.merge([], reviews)
                reviews = []
        counts.reviews += len(reviews)
        counts.new_reviews += destination_cards.merge([], reviews)
