"""The marks `casequiz stats` needs, made by SQLite in the order they are counted.

Moodle's statistics of a question need only how many attempts earned each (mark, attempt
total) pair (`grade.stats.Tally`). Here SQLite computes each drawn question's mark, attempt
after attempt, a bank's questions together, from a layout of the drawn questions made once
(`slots`: each plan's slots with a number for their question and its points); the caller
counts them without a Python statement per answer (`grade.groupstats`). A mark is computed as
`grade.storestats` computes it in Python, the same IEEE operations in the same order: the
fraction of the answer's maximum, clamped to 0-1, times the question's points; a question
left unanswered marks 0.

These queries read the temporary tables of a `reportquery.Drawn` (SQLite only), whose plans
the caller checked are regular (`irregular` says what else the counting needs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from casequiz.store.reportquery import Drawn

__all__ = ["Grouped"]

_MARK = (
    "ifnull(CASE WHEN n.max_score > 0 THEN min(max(n.score / n.max_score, 0.0), 1.0) "
    "ELSE 0.0 END * s.points, 0.0)"
)
"""A drawn question's mark in its points (`storestats.analyse_store`): 0 when unanswered."""


def _cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


class Grouped:
    """The marks of the attempts a `Drawn` laid out. Its questions are numbered (`questions`)
    and given their points (`set_points`), which lays out the slots; `drop` removes the
    tables this made (the `Drawn`'s are its owner's to drop)."""

    def __init__(self, drawn: Drawn) -> None:
        self.conn: sqlite3.Connection = drawn.conn
        self.drawn = drawn
        suffix = drawn.heads.removeprefix("cq_heads_")
        self.keys, self.slots = f"cq_keys_{suffix}", f"cq_slots_{suffix}"
        self.attempts_table = f"cq_attempts_{suffix}"
        cursor = _cursor(self.conn)
        cursor.execute(  # by id: a key SQLite knows is unique, so no sort is needed by it
            f"CREATE TEMP TABLE {self.attempts_table} (id INTEGER PRIMARY KEY, plan INTEGER, "
            "student)"
        )
        cursor.execute(
            f"INSERT INTO temp.{self.attempts_table} SELECT attempt, plan, student "
            f"FROM temp.{drawn.heads}"
        )
        cursor.execute(
            f"CREATE TEMP TABLE {self.keys} (id INTEGER PRIMARY KEY, bank, question, "
            "points REAL, UNIQUE (bank, question))"
        )
        cursor.execute(
            f"INSERT INTO temp.{self.keys} (bank, question) "
            f"SELECT DISTINCT bank, question FROM temp.{drawn.entries}"
        )

    def irregular(self) -> bool:
        """Whether some plan draws a question in more than one slot, or names a bank or a
        question by something other than text: cases the attempt-by-attempt reading keeps."""
        entries = f"temp.{self.drawn.entries}"
        sql = (
            f"SELECT 1 FROM {entries} WHERE typeof(bank) != 'text' OR typeof(question) != 'text' "
            f"UNION ALL SELECT 1 FROM {entries} GROUP BY plan, bank, question "
            "HAVING count(*) > 1 LIMIT 1"
        )
        return _cursor(self.conn).execute(sql).fetchone() is not None

    def questions(self) -> list[tuple[int, str, str]]:
        """(number, bank, question) of every drawn question."""
        return list(_cursor(self.conn).execute(f"SELECT id, bank, question FROM {self.keys}"))

    def set_points(self, points: Iterable[tuple[float, int]]) -> None:
        """(points, number) of every drawn question; then the slots are laid out, a plan's
        banks in order and each bank's slots in order: the order `marks` reads them in."""
        cursor = _cursor(self.conn)
        cursor.executemany(f"UPDATE temp.{self.keys} SET points = ? WHERE id = ?", points)
        cursor.execute(
            f"CREATE TEMP TABLE {self.slots} (plan INTEGER, bank, slot INTEGER, question, "
            "key INTEGER, points REAL, PRIMARY KEY (plan, bank, slot)) WITHOUT ROWID"
        )
        cursor.execute(
            f"INSERT INTO temp.{self.slots} SELECT e.plan, e.bank, e.slot, e.question, k.id, "
            f"k.points FROM temp.{self.drawn.entries} e "
            f"JOIN temp.{self.keys} k ON k.bank = e.bank AND k.question = e.question"
        )

    def attempts(self) -> Iterator[tuple[Any, ...]]:
        """(attempt id, student, banks JSON, verified, bank, points, questions) by attempt id,
        then bank: a row per bank the attempt drew from and distinct points of its questions
        there, with how many questions have those points; an attempt that drew nothing has
        one row, bank NULL."""
        sql = (
            f"SELECT h.id, h.student, a.banks, a.verified, p.bank, p.points, p.drawn "
            f"FROM temp.{self.attempts_table} h JOIN attempts a ON a.id = h.id "
            f"LEFT JOIN (SELECT plan, bank, points, count(*) AS drawn FROM temp.{self.slots} "
            "GROUP BY plan, bank, points) p ON p.plan = h.plan "
            "ORDER BY h.id, p.bank"
        )
        return _cursor(self.conn).execute(sql)

    def marks(self) -> Iterator[tuple[int, float, int]]:
        """(question's number, mark, 1 if answered else 0) of each drawn question, by attempt
        id, bank and slot: as `attempts` lists them, so that each attempt's questions in a
        bank are the next ones read."""
        sql = (
            f"SELECT s.key, {_MARK}, n.id IS NOT NULL FROM temp.{self.attempts_table} h "
            f"JOIN temp.{self.slots} s ON s.plan = h.plan "
            "LEFT JOIN answers n ON n.attempt_id = h.id AND n.slot = s.slot "
            "AND n.bank_id = s.bank AND n.question_id = s.question "
            "ORDER BY h.id, s.bank, s.slot"
        )
        return _cursor(self.conn).execute(sql)

    def answers(self) -> int:
        """How many answers the attempts have: more than `marks` met means some answer is
        not the answer to its slot's question (only a hand-made result file does that)."""
        sql = (
            f"SELECT count(*) FROM temp.{self.attempts_table} h "
            "JOIN answers n ON n.attempt_id = h.id"
        )
        return int(_cursor(self.conn).execute(sql).fetchone()[0])

    def drop(self) -> None:
        cursor = _cursor(self.conn)
        try:
            for table in (self.slots, self.keys, self.attempts_table):
                cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")
        except sqlite3.Error:  # a connection already closed keeps nothing
            pass
