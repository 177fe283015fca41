"""`casequiz export`: a store's finished attempts as a gradebook, in CSV, JSON or Markdown.

The rows are built once (`tables`) and written in the format asked for, so the three formats
never disagree. CSV is the spreadsheet's format and the default; JSON is for scripts (an array
of the same rows, one object each, with nulls for empty cells); Markdown is a report to read or
to paste, with a summary table before the rows.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from casequiz.grade import markdown
from casequiz.grade.catalog import Catalog, build_catalog, find_banks
from casequiz.grade.csvsafe import csv_text
from casequiz.grade.rows import Rows
from casequiz.grade.scope import Part, Which, choose, parts
from casequiz.grade.source import GradedAttempt, read_attempts
from casequiz.grade.tables import UNANSWERED, By, Table, build
from casequiz.quiz.literal import visible_json

if TYPE_CHECKING:
    from casequiz.store.base import ResultsStore as Store

__all__ = [
    "FORMATS",
    "ExportOptions",
    "Format",
    "UnknownBank",
    "export_rows",
    "export_table",
    "render",
    "select",
]

Format = Literal["csv", "json", "md"]
FORMATS: tuple[Format, ...] = ("csv", "json", "md")


class UnknownBank(LookupError):
    """`--bank` names a bank no analysed attempt was drawn from."""

    def __init__(self, bank: str, known: Sequence[str]) -> None:
        listed = ", ".join(known) if known else "none"
        super().__init__(
            f"no finished attempt was drawn from bank {bank!r}; the banks are: {listed}"
        )
        self.bank = bank
        self.known = tuple(known)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """The filters both reports share, as the command line gives them."""

    by: By = "attempt"
    bank: str | None = None
    student: str | None = None
    since: str | None = None
    """A UTC timestamp from `source.parse_since`."""
    which: Which = "all"
    mode: str | None = None
    bank_paths: tuple[Path, ...] = ()
    """Where to look for bank files when the store does not tell enough."""


def bank_ids(attempts: Sequence[GradedAttempt]) -> list[str]:
    """Every bank the attempts drew from, sorted."""
    return sorted({bank for attempt in attempts for bank in attempt.bank_ids})


def select(
    attempts: Sequence[GradedAttempt], options: ExportOptions, catalog: Catalog
) -> list[Part]:
    """The parts an export shows: `--bank`, then `--attempts`."""
    if options.bank is not None and options.bank not in bank_ids(attempts):
        raise UnknownBank(options.bank, bank_ids(attempts))
    maxima = {key: catalog.points(key) for key in catalog.questions}
    return choose(parts(attempts, options.bank, maxima), options.which)


def _catalog(attempts: Sequence[GradedAttempt], options: ExportOptions) -> Catalog:
    """What the answers say; the bank files are read only when a drawn question no one
    answered needs its topic and points."""
    catalog = build_catalog(attempts)
    missing = any(key not in catalog.questions for a in attempts for key in a.drawn)
    if missing:
        catalog = build_catalog(attempts, find_banks(attempts, options.bank_paths))
    return catalog


def export_rows(
    store: Store, options: ExportOptions, *, for_csv: bool = False, lines: bool = False
) -> Rows | None:
    """The export's rows, streamed where they can be (by question), or None when no finished
    attempt matches the filters; `for_csv` makes them with their text neutralised for a
    spreadsheet, and `lines` as CSV lines where the store can (`Rows.lines`, for `write_csv`).
    The rows read the store as they are iterated: iterate them before closing it."""
    from casequiz.grade.rows import known_banks, question_rows, store_catalog
    from casequiz.store.reportquery import ReportFilter, any_attempt, streams

    if options.by != "question" or not streams(store):
        table = _built(store, options, for_csv=for_csv)
        if table is None:
            return None
        return Rows(table.by, table.columns, iter(table.rows), table.neutralised)

    where = ReportFilter(student=options.student, since=options.since, mode=options.mode)
    if not any_attempt(store.conn, where):
        return None
    if options.bank is not None:
        known = known_banks(store, where) or []
        if options.bank not in known:
            raise UnknownBank(options.bank, known)

    def lazy_catalog(*, drawn_only: bool = False) -> Catalog:
        """Of every attempt the filters match, chosen or not."""
        return store_catalog(store, where, options.bank_paths, drawn_only=drawn_only)

    shown = where
    if options.which != "all":
        shown = ReportFilter(
            student=options.student,
            since=options.since,
            mode=options.mode,
            uids=_chosen_uids(store, options),
        )
    return question_rows(
        store, shown, lazy_catalog, bank=options.bank, for_csv=for_csv, lines=lines
    )


def _chosen_uids(store: Store, options: ExportOptions) -> list[str]:
    """The attempts `--attempts first|last|best` keeps, chosen as `select` chooses them."""
    attempts = read_attempts(
        store, student=options.student, since=options.since, mode=options.mode, responses=False
    )
    return [part.attempt.uid for part in select(attempts, options, _catalog(attempts, options))]


def export_table(store: Store, options: ExportOptions, *, for_csv: bool = False) -> Table | None:
    """The export's rows, or None when no finished attempt matches the filters; `for_csv`
    builds them with their text neutralised for a spreadsheet."""
    from casequiz.store.reportquery import streams

    if options.by == "question" and streams(store):
        rows = export_rows(store, options, for_csv=for_csv)
        return None if rows is None else Table(rows.by, rows.columns, tuple(rows.rows), for_csv)
    return _built(store, options, for_csv=for_csv)


def _built(store: Store, options: ExportOptions, *, for_csv: bool = False) -> Table | None:
    """The export's rows built in memory from every matching attempt."""
    attempts = read_attempts(
        store,
        student=options.student,
        since=options.since,
        mode=options.mode,
        responses=options.by == "question",
    )
    if not attempts:
        return None
    catalog = _catalog(attempts, options)
    chosen = select(attempts, options, catalog)
    return build(options.by, chosen, catalog, for_csv=for_csv)


def render(table: Table, fmt: Format, *, excel: bool = False) -> str:
    """The table in `fmt`; `excel` puts the BOM Excel needs before a CSV."""
    if fmt == "csv":
        return csv_text(table.columns, table.rows, excel=excel, neutralised=table.neutralised)
    if table.neutralised:
        raise ValueError("a table built for CSV holds neutralised text: build it again")
    if fmt == "json":
        return visible_json(table.records(), indent=1) + "\n"
    if fmt == "md":
        return markdown_report(table)
    raise ValueError(f"unknown format {fmt!r}")


# -- the Markdown report ---------------------------------------------------------------------

_TITLES = {"attempt": "Scores by attempt", "question": "Answers", "topic": "Scores by topic"}


def _spread(percents: list[float]) -> tuple[float | None, ...]:
    if not percents:
        return (None, None, None, None)
    return (
        statistics.fmean(percents),
        statistics.median(percents),
        min(percents),
        max(percents),
    )


def _summary(table: Table) -> tuple[list[str], list[tuple[object, ...]]]:
    rows = table.records()
    if table.by == "attempt":
        groups: dict[str, list[dict[str, object]]] = {}
        for row in rows:
            groups.setdefault(str(row["bank"]), []).append(row)
        columns = ["bank", "attempts", "students", "mean %", "median %", "lowest %", "highest %"]
        body = [
            (
                bank,
                len(group),
                len({r["student"] for r in group}),
                *_spread([float(r["percent"]) for r in group if r["percent"] is not None]),
            )
            for bank, group in groups.items()
        ]
        return columns, body
    if table.by == "question":
        per: dict[tuple[str, str], list[dict[str, object]]] = {}
        for row in rows:
            per.setdefault((str(row["bank"]), str(row["question"])), []).append(row)
        columns = [
            "bank",
            "question",
            "topic",
            "drawn",
            "correct",
            "partial",
            "wrong",
            UNANSWERED,
            "mean %",
        ]
        body = []
        for (bank, question), group in per.items():
            verdicts = [r["verdict"] for r in group]
            scored = sum(float(r["score"]) for r in group)
            out_of = sum(float(r["max"]) for r in group)
            body.append(
                (
                    bank,
                    question,
                    group[0]["topic"],
                    len(group),
                    *(verdicts.count(v) for v in ("correct", "partial", "wrong", UNANSWERED)),
                    100 * scored / out_of if out_of else None,
                )
            )
        return columns, body
    topics: dict[tuple[str, str], list[dict[str, object]]] = {}
    for row in rows:
        topics.setdefault((str(row["bank"]), str(row["topic"])), []).append(row)
    columns = ["bank", "topic", "students", "mean %", "median %", "lowest %", "highest %"]
    body = [
        (
            bank,
            topic,
            len(group),
            *_spread([float(r["percent"]) for r in group if r["percent"] is not None]),
        )
        for (bank, topic), group in topics.items()
    ]
    return columns, body


_SHORT = {"attempt": 8, "bank_hash": 12}
"""Columns the Markdown report shortens: an attempt's uid and a bank's hash stay recognisable
in 8 and 12 characters, and the table stays readable."""


_TIMES = ("started", "finished")
"""Timestamps the Markdown report shows to the minute, as `2026-03-02 09:00` (UTC)."""


def _shortened(table: Table) -> list[tuple[object, ...]]:
    cut = {table.columns.index(c): n for c, n in _SHORT.items() if c in table.columns}
    times = {table.columns.index(c) for c in _TIMES if c in table.columns}

    def short(i: int, value: object) -> object:
        if not isinstance(value, str):
            return value
        if i in times:
            return value[:16].replace("T", " ")
        return value[: cut[i]] if i in cut else value

    return [tuple(short(i, v) for i, v in enumerate(row)) for row in table.rows]


def markdown_report(table: Table) -> str:
    """A readable report: what it covers, a summary table, then every row."""
    students = len({row[table.columns.index("student")] for row in table.rows})
    noun = {"attempt": "attempt", "question": "answer", "topic": "row"}[table.by]
    lines = [
        f"# {_TITLES[table.by]}",
        "",
        f"{len(table.rows)} {noun}{'' if len(table.rows) == 1 else 's'}, "
        f"{students} student{'' if students == 1 else 's'}. Times are UTC.",
        "",
        "## Summary",
        "",
        markdown.table(*_summary(table)),
        f"## {_TITLES[table.by]}",
        "",
        markdown.table(table.columns, _shortened(table)),
    ]
    return "\n".join(lines)
