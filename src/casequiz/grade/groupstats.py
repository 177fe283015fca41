"""`casequiz stats` of an SQLite store counted without a Python statement per answer.

`storestats` meets every answer in Python, which costs more than the database's own work on a
store of a hundred thousand answers. Moodle's formulas need only how many attempts earned each
(mark, total) pair per question (`stats.Tally`): here SQLite makes every drawn question's mark,
attempt after attempt (`store.statquery`), and each attempt's are read as one slice of the
cursor, summed by `math.fsum` and counted by a `Counter`, all of which runs in C; Python
handles each attempt once and each distinct value once. Every figure is the one `storestats`
gives, to the last bit: the marks are computed by the same IEEE operations, the totals by the
same `fsum`.

The grouping holds where every answer is its slot's and no plan draws a question twice (what
casequiz writes); a store with anything else, another back end, and `--attempts
first|last|best` are read by `storestats` attempt by attempt.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from casequiz.grade.counted import exact_sum

if TYPE_CHECKING:
    from casequiz.grade.catalog import Catalog
    from casequiz.grade.storestats import BankTally
    from casequiz.store.db import Store
    from casequiz.store.reportquery import ReportFilter
    from casequiz.store.statquery import Grouped

__all__ = ["grouped_tallies"]

Counted = list[tuple[float, int]]
"""Distinct values, each with how many times it occurs."""


def grouped_tallies(
    store: Store, where: ReportFilter, banks: list[str], catalog: Catalog
) -> dict[str, BankTally] | None:
    """Each bank's tally of every attempt `where` selects, as `storestats.analyse_store` makes
    it with `--attempts all`; None when the store cannot be counted so (see the module)."""
    import sqlite3

    from casequiz.grade.storestats import BankTally
    from casequiz.store.reportquery import Drawn
    from casequiz.store.statquery import Grouped

    if not isinstance(store.conn, sqlite3.Connection):
        return None
    drawn = Drawn(store.conn, where, for_csv=False)
    grouped: Grouped | None = None
    try:
        if not drawn.regular():
            return None
        grouped = Grouped(drawn)
        if grouped.irregular():
            return None
        questions = {n: (bank, question) for n, bank, question in grouped.questions()}
        grouped.set_points((float(catalog.points(key)), n) for n, key in questions.items())
        tallies = {bank: BankTally() for bank in banks}
        counted = _count(grouped, tallies)
        if counted is None:
            return None
        pairs, shares = counted
        for total, marks in pairs.items():
            for (number, mark, _answered), count in marks.items():
                bank, question = questions[number]
                tallies[bank].tally.add_pairs(question, mark, total, count)
        for out_of, drawers in shares.items():
            for number, count in drawers.items():
                bank, question = questions[number]
                held = tallies[bank]
                held.tally.add_shares(question, out_of, count)
                held.asked.add(question)
        return tallies
    finally:
        if grouped is not None:
            grouped.drop()
        drawn.drop()


Pairs = dict[float, Counter[tuple[int, float, int]]]
"""Attempt total -> (question's number, mark, answered) -> attempts."""
Shares = dict[float, Counter[int]]
"""Attempt maximum -> question's number -> attempts that drew it."""


def _count(grouped: Grouped, tallies: dict[str, BankTally]) -> tuple[Pairs, Shares] | None:
    """Each attempt into the tallies of the banks it counts in (`export.bank_ids`: those it
    names and those it drew from), and the pairs and shares of every drawn question; None if
    an answer is not its slot's or a total is not finite, which `storestats` reports."""
    marks = grouped.marks()
    wanted = set(tallies)
    read, named = None, set()
    pairs: Pairs = {}
    shares: Shares = {}
    answered = 0
    for student, banks, verified, drawn in _each_attempt(grouped):
        if banks != read:  # most attempts name the same banks as the one before
            read = banks
            named = {str(b.get("id", "")) for b in json.loads(banks)}
        for bank, points in drawn.items():  # in the order `marks` gives the banks
            questions = sum(count for _points, count in points)
            chunk = list(islice(marks, questions))
            answered += sum(map(itemgetter(2), chunk))
            if bank not in wanted:
                continue
            total, out_of = math.fsum(map(itemgetter(1), chunk)), exact_sum(points)
            if not math.isfinite(total):
                return None
            marks_of = pairs.get(total)
            if marks_of is None:
                marks_of = pairs[total] = Counter()
            marks_of.update(chunk)
            drawers = shares.get(out_of)
            if drawers is None:
                drawers = shares[out_of] = Counter()
            drawers.update(map(itemgetter(0), chunk))
            _count_attempt(tallies[bank], total, out_of, questions, student, verified)
        for bank in wanted.intersection(named).difference(drawn):
            _count_attempt(tallies[bank], 0.0, 0.0, 0, student, verified)
    if answered != grouped.answers():
        return None
    return pairs, shares


def _count_attempt(
    held: BankTally, total: float, out_of: float, questions: int, student: str, verified: bool
) -> None:
    held.tally.add_total(total, out_of, questions)
    held.attempts += 1
    held.students.add(student)
    held.drawn_counts.add(questions)
    held.unverified += not verified


def _each_attempt(grouped: Grouped) -> Iterator[tuple[str, str, bool, dict[str, Counted]]]:
    """(student, banks JSON, verified, each bank's distinct points and how many questions
    have them) of each attempt, by id."""
    head: tuple[Any, ...] | None = None
    drawn: dict[str, Counted] = {}
    for row in grouped.attempts():
        if head is not None and row[0] != head[0]:
            yield head[1], head[2], bool(head[3]), drawn
            head = None
        if head is None:
            head, drawn = row, {}
        if row[4] is not None:
            drawn.setdefault(row[4], []).append((row[5], row[6]))
    if head is not None:
        yield head[1], head[2], bool(head[3]), drawn
