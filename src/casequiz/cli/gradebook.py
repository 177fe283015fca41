"""`casequiz export` into files other tools open: an Excel workbook, Moodle's and Canvas's
gradebook imports. `cli/export.py` parses the command line and hands over here."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from casequiz.cli.common import UsageError

if TYPE_CHECKING:
    from casequiz.grade.export import ExportOptions
    from casequiz.grade.gradebook import Roster
    from casequiz.store.base import ResultsStore as Store

GRADEBOOKS = ("moodle-grades", "canvas-grades")
CSV_KINDS = ("csv", *GRADEBOOKS)
"""The formats written as CSV text."""

SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}


def kind(fmt: str) -> str:
    """What sort of file a format writes, named by its usual format."""
    return "csv" if fmt in CSV_KINDS else fmt


def check_arguments(args: argparse.Namespace, fmt: str) -> None:
    """Options that belong to other formats, and a file named for another format."""
    suffix = args.output.suffix.lower() if args.output else ""
    named = SUFFIXES.get(suffix)
    if named is not None and named != kind(fmt):
        raise UsageError(
            f"--format {fmt} writes {kind(fmt).upper()}, but {args.output} is named for "
            f"{named.upper()}: name the file *.{'csv' if kind(fmt) == 'csv' else fmt}, "
            f"or leave out --format to write what the name says"
        )
    if args.excel and fmt not in CSV_KINDS:
        raise UsageError("--excel applies to CSV only")
    if args.roster is not None and fmt not in GRADEBOOKS:
        raise UsageError("--roster applies to --format moodle-grades and canvas-grades")
    if args.id_column is not None and fmt != "moodle-grades":
        raise UsageError("--id-column applies to --format moodle-grades")
    if fmt in GRADEBOOKS and args.by not in (None, "attempt"):
        raise UsageError(f"--format {fmt} has a row per student: it takes no --by")
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError("an xlsx workbook is not for a terminal: write it with -o FILE")


def workbook(store: Store, options: ExportOptions, by: str | None) -> bytes | None:
    """The workbook: the `--by` view, or without `--by` every view, a sheet each."""
    from casequiz.grade.export import export_table
    from casequiz.grade.xlsx import workbook as write

    tables = []
    for view in (by,) if by else ("attempt", "question", "topic"):
        table = export_table(store, dataclasses.replace(options, by=view))  # type: ignore[arg-type]
        if table is None:
            return None
        tables.append(table)
    return write(tables)


def gradebook(
    store: Store, options: ExportOptions, args: argparse.Namespace, fmt: str
) -> tuple[str, int] | None:
    """The gradebook CSV and how many students the roster left out (each said on stderr)."""
    from casequiz.bank.passage import number_text  # 8, not 8.0; 1234567.5, not 1.23457e+06
    from casequiz.grade import gradebook as lms
    from casequiz.grade.csvsafe import csv_text
    from casequiz.grade.export import export_table
    from casequiz.quiz.literal import literal

    roster = read_roster(args.roster) if args.roster is not None else None
    which = "best" if options.which == "all" else options.which
    table = export_table(store, dataclasses.replace(options, by="attempt", which=which))
    if table is None:
        return None
    grades = lms.best_grades(table)
    maxima = _maxima(store, options)
    try:
        book = (
            lms.moodle(grades, roster, args.id_column, maxima)
            if fmt == "moodle-grades"
            else lms.canvas(grades, roster, maxima)
        )
    except lms.RosterError as exc:
        raise UsageError(str(exc)) from None
    for scaled in book.scaled:
        print(
            literal(
                f"{scaled.bank}: attempts were out of {number_text(scaled.lowest)} to "
                f"{number_text(scaled.highest)} points; each grade is a percentage of its own "
                "attempt's maximum, out of 100"
                + (" (give the grade item a maximum of 100)" if fmt == "moodle-grades" else "")
            ),
            file=sys.stderr,
        )
    for student in book.unmatched:
        print(
            literal(f"{args.roster}: warning: no row for student {student!r}: left out"),
            file=sys.stderr,
        )
    return csv_text(book.columns, book.rows, excel=args.excel), len(book.unmatched)


def _maxima(store: Store, options: ExportOptions) -> dict[str, set[float]]:
    """The maxima of every finished attempt at each bank (of `--mode`), whichever student,
    time or attempt the export shows: whether a bank is graded in percent is the store's
    to say, not a filter's."""
    from casequiz.grade.export import export_table

    every = dataclasses.replace(options, by="attempt", which="all", student=None, since=None)
    table = export_table(store, every)
    maxima: dict[str, set[float]] = {}
    if table is not None:
        bank, out_of = table.columns.index("bank"), table.columns.index("max")
        for row in table.rows:
            maxima.setdefault(str(row[bank]), set()).add(float(row[out_of] or 0))
    return maxima


def read_roster(path: Path) -> Roster:
    """The roster; a file that is not there is a usage error, a malformed one `RosterError`
    (bad data: `run` says where and exits 1)."""
    from casequiz.grade.gradebook import RosterError, read_roster

    try:
        if not path.is_file():
            raise UsageError(f"--roster: {path} is not a file")
        return read_roster(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        if isinstance(exc, RosterError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"cannot read --roster {path}: {reason}") from None
