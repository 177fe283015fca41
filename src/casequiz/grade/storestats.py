"""`casequiz stats` straight from the store: one pass over the answers, one tally per bank.

`analysis.analyse` works on attempts held in memory; a store of a hundred thousand attempts
would hold them all. Here the attempts and their answers come from two cursors in id order,
each attempt is turned into its marks per bank (exactly as `analysis.marks_of` does) and added
to its bank's `stats.Tally`, then dropped: memory is bounded by the questions, the students
and the banks, not by the attempts. `--attempts first|last|best` takes one more pass, over the
same rows, to choose each student's attempt first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casequiz.grade.analysis import BankAnalysis
from casequiz.grade.catalog import BankInfo, Catalog
from casequiz.grade.export import ExportOptions, UnknownBank
from casequiz.grade.groupstats import grouped_tallies
from casequiz.grade.scope import Which
from casequiz.grade.stats import Tally

if TYPE_CHECKING:
    from casequiz.store.db import Store
    from casequiz.store.reportquery import ReportFilter

__all__ = ["analyse_any", "analyse_store"]

Answer = tuple[str, str, float, float]
"""(bank, question, score, max) of one answer."""


@dataclass(slots=True)
class _Attempt:
    id: int
    uid: str
    student: str
    started_at: str
    bank_ids: tuple[str, ...]
    drawn: list[tuple[str, str]]
    score: float
    max_score: float
    answers: list[Answer]
    verified: bool


@dataclass(slots=True)
class BankTally:
    """What `stats` keeps of a bank's attempts while it reads them."""

    tally: Tally = field(default_factory=lambda: Tally("not-drawn"))
    attempts: int = 0
    students: set[str] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)
    drawn_counts: set[int] = field(default_factory=set)
    unverified: int = 0


def _attempts(store: Store, where: ReportFilter) -> Iterator[_Attempt]:
    """Every attempt with its answers (slot order), by id: two cursors merged."""
    from casequiz.store.reportquery import answer_rows, attempt_heads

    answers = answer_rows(store.conn, where)
    pending = next(answers, None)
    read: tuple[str, str] | None = None  # the last plan and banks read: most attempts repeat them
    drawn: list[tuple[str, str]] = []
    ids: tuple[str, ...] = ()
    for row in attempt_heads(store.conn, where):
        attempt_id, uid, student, started_at, banks, plan, score, max_score, verified = row
        own: list[Answer] = []
        while pending is not None and pending[0] <= attempt_id:
            if pending[0] == attempt_id:
                own.append(pending[1:])
            pending = next(answers, None)
        if read != (plan, banks):  # each attempt's are only read from `drawn` and `ids`
            read = (plan, banks)
            drawn = [(entry["bank"], entry["question"]) for entry in json.loads(plan)]
            named = {str(b.get("id", "")) for b in json.loads(banks)} | {b for b, _ in drawn}
            ids = tuple(sorted(named))
        yield _Attempt(
            attempt_id,
            uid,
            student,
            started_at,
            ids,
            drawn,
            float(score or 0.0),
            float(max_score or 0.0),
            own,
            bool(verified),
        )


def _part(
    attempt: _Attempt, bank: str, question_max: dict[tuple[str, str], float]
) -> tuple[list[str], list[Answer], float | None]:
    """The attempt's drawn questions and answers in `bank`, and its percentage there, as
    `scope.parts` makes them (the whole attempt when it drew from `bank` alone)."""
    import math

    drawn = [q for b, q in attempt.drawn if b == bank]
    if attempt.bank_ids == (bank,):
        score, out_of, answers = attempt.score, attempt.max_score, attempt.answers
    else:
        answers = [a for a in attempt.answers if a[0] == bank]
        maxima = {(a[0], a[1]): a[3] for a in answers}
        for q in drawn:
            maxima.setdefault((bank, q), question_max.get((bank, q), 1.0))
        score, out_of = math.fsum(a[2] for a in answers), math.fsum(maxima.values())
    return drawn, answers, 100 * score / out_of if out_of else None


def _chosen(
    store: Store, where: ReportFilter, banks: list[str], which: Which, catalog: Catalog
) -> set[tuple[int, str]]:
    """(attempt id, bank) of the attempts `scope.choose` keeps, per student and bank."""
    question_max = {key: catalog.points(key) for key in catalog.questions}
    kept: dict[tuple[str, str], tuple[tuple[str, str], float, int]] = {}
    wanted = set(banks)
    for attempt in _attempts(store, where):
        order = (attempt.started_at, attempt.uid)
        for bank in wanted.intersection(attempt.bank_ids):
            rank = _part(attempt, bank, question_max)[2] or 0.0
            held = kept.get((attempt.student, bank))
            if (
                held is None
                or (which == "first" and order < held[0])
                or (which == "last" and order > held[0])
                or (which == "best" and (rank > held[1] or (rank == held[1] and order < held[0])))
            ):
                kept[(attempt.student, bank)] = (order, rank, attempt.id)
    return {(attempt_id, bank) for (_student, bank), (_o, _r, attempt_id) in kept.items()}


def analyse_any(store: Store, options: ExportOptions) -> list[BankAnalysis] | None:
    """`casequiz stats`' analyses of the finished attempts (`--mode` only filters), one pass
    over an SQLite store, in memory from another back end's `report_rows()`; None when no
    finished attempt matches."""
    from casequiz.grade.analysis import analyse
    from casequiz.grade.catalog import build_catalog, find_banks
    from casequiz.grade.rows import known_banks, store_catalog
    from casequiz.grade.source import read_attempts
    from casequiz.store.reportquery import ReportFilter, streams

    invalid: dict[str, str] = {}
    if not streams(store):
        attempts = read_attempts(store, mode=options.mode, responses=False)
        if not attempts:
            return None
        loaded = find_banks(attempts, options.bank_paths, invalid)
        return analyse(attempts, options, build_catalog(attempts, loaded, invalid))
    where = ReportFilter(mode=options.mode)
    known = known_banks(store, where)
    if known is None:
        return None

    def catalog(answered: bool) -> Catalog:
        return store_catalog(
            store,
            where,
            options.bank_paths,
            banks=True,
            invalid=invalid,
            asked_only=True,
            answered=answered,
        )

    if options.which == "all":  # counted where it can be, which needs only the drawn questions
        banks = _wanted(options, known)
        drawn = catalog(answered=False)
        tallies = grouped_tallies(store, where, banks, drawn)
        if tallies is not None:
            return [_analysis(bank, tallies[bank], options.which, drawn) for bank in banks]
    return analyse_store(store, options, catalog(answered=True), where, known, counted=False)


def analyse_store(
    store: Store,
    options: ExportOptions,
    catalog: Catalog,
    where: ReportFilter,
    known: list[str],
    *,
    counted: bool = True,
) -> list[BankAnalysis]:
    """`analysis.analyse` of the attempts `where` selects, counted by the store (`groupstats`)
    where it can be and `counted` allows, else read from it in one pass (two with `--attempts
    first|last|best`). `known` is every bank they drew from."""
    banks = _wanted(options, known)
    chosen = (
        _chosen(store, where, banks, options.which, catalog) if options.which != "all" else None
    )
    tallies = grouped_tallies(store, where, banks, catalog) if counted and chosen is None else None
    if tallies is None:
        tallies = _read_tallies(store, where, banks, catalog, chosen)
    return [_analysis(bank, tallies[bank], options.which, catalog) for bank in banks]


def _wanted(options: ExportOptions, known: list[str]) -> list[str]:
    """The banks `--bank` asks for, all of them without it."""
    if options.bank is not None and options.bank not in known:
        raise UnknownBank(options.bank, known)
    return [options.bank] if options.bank is not None else known


def _read_tallies(
    store: Store,
    where: ReportFilter,
    banks: list[str],
    catalog: Catalog,
    chosen: set[tuple[int, str]] | None,
) -> dict[str, BankTally]:
    """Each bank's tally, the answers met one by one in Python."""
    question_max = {key: catalog.points(key) for key in catalog.questions}
    points = {bank: _Points(catalog, bank) for bank in banks}
    tallies = {bank: BankTally() for bank in banks}
    wanted = set(banks)
    for attempt in _attempts(store, where):
        for bank in wanted.intersection(attempt.bank_ids):
            if chosen is not None and (attempt.id, bank) not in chosen:
                continue
            drawn, answers, _ = _part(attempt, bank, question_max)
            out_of = points[bank]
            marks: dict[str, float | None] = dict.fromkeys(drawn)
            for _bank, question, score, maximum in answers:
                fraction = score / maximum if maximum > 0 else 0.0
                marks[question] = min(max(fraction, 0.0), 1.0) * out_of[question]
            held = tallies[bank]
            held.tally.add(marks, out_of, held.attempts)
            held.attempts += 1
            held.students.add(attempt.student)
            held.asked.update(marks)
            held.drawn_counts.add(len(drawn))
            held.unverified += not attempt.verified
    return tallies


class _Points(dict[str, float]):
    """A bank's questions' points, looked up in the catalog as they are first met."""

    def __init__(self, catalog: Catalog, bank: str) -> None:
        super().__init__()
        self.catalog, self.bank = catalog, bank

    def __missing__(self, question: str) -> float:
        points = self[question] = self.catalog.points((self.bank, question))
        return points


def _analysis(bank: str, held: BankTally, which: Which, catalog: Catalog) -> BankAnalysis:
    questions = catalog.ordered(bank, held.asked)
    points = {q: catalog.points((bank, q)) for q in questions}
    infos = [catalog.info((bank, q)) for q in questions]
    guesses = {q: info.guess for q, info in zip(questions, infos, strict=True)}
    return BankAnalysis(
        bank=catalog.banks.get(bank) or BankInfo(bank, bank, ()),
        which=which,
        attempts=held.attempts,
        students=len(held.students),
        analysis=held.tally.result(points, guesses),
        topics=tuple(i.topic for i in infos),
        kinds=tuple(i.kind for i in infos),
        drawn_counts=tuple(sorted(held.drawn_counts)),
        unverified=held.unverified,
    )
