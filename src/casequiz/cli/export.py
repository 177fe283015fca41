"""`casequiz export`: the gradebook of a results store, as CSV, JSON or Markdown.

What it shares with `casequiz stats` (the filters, opening the store without creating one,
writing a report) lives here too; the work itself is in `casequiz.grade`, imported only when the
command runs, so `--help` stays instant and Textual is never loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import UsageError, add_command

if TYPE_CHECKING:
    from casequiz.grade.export import ExportOptions
    from casequiz.store.base import ResultsStore

WHICH = ("first", "last", "best", "all")
MODES = ("practice", "exam", "sheet")


def add_filter_args(parser: argparse.ArgumentParser) -> None:
    """The options both reports take to choose attempts."""
    parser.add_argument("--bank", metavar="ID", help="only this bank (its part of each attempt)")
    parser.add_argument(
        "--attempts",
        choices=WHICH,
        default="all",
        help="per student and bank: the first, last or best attempt, or all (default: all)",
    )
    parser.add_argument("--mode", choices=MODES, help="only attempts taken in this mode")
    parser.add_argument(
        "--banks",
        action="append",
        default=[],
        metavar="BANK|DIR",
        help="where to find bank files, for what the store does not record (question types, "
        "points of unanswered questions); default: where the attempts were taken, ./questions, "
        "else the bundled banks",
    )


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "export",
        run,
        description="Export the finished attempts of the results store: one row per attempt "
        "(default), per answer (--by question) or per student and topic (--by topic). CSV opens "
        "in a spreadsheet as it is: numbers are numbers, and text that a spreadsheet would run "
        "as a formula is prefixed with '.",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md", "xlsx", "moodle-grades", "canvas-grades"),
        help="default: from the -o file's extension (.csv .json .md .xlsx), else csv; "
        "moodle-grades and canvas-grades are CSV for those gradebooks' import",
    )
    parser.add_argument(
        "--by",
        choices=("attempt", "question", "topic"),
        help="one row per attempt (default), per answer, or per student and topic; an xlsx "
        "workbook without --by has a sheet for each",
    )
    add_filter_args(parser)
    parser.add_argument("--student", metavar="NAME", help="only this student's attempts")
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="only attempts started on or after DATE (YYYY-MM-DD, or an ISO date and time; "
        "local time unless it has an offset)",
    )
    parser.add_argument(
        "--excel", action="store_true", help="start the CSV with the byte order mark Excel needs"
    )
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")
    parser.add_argument(
        "--roster",
        metavar="FILE",
        type=Path,
        help="gradebook formats: a CSV with a `student` column of casequiz names and the "
        "LMS's identifiers in other columns",
    )
    parser.add_argument(
        "--id-column",
        metavar="COL",
        help="moodle-grades: the roster column that identifies students in Moodle (default: "
        "the first after `student`); without --roster, the header of the names (default: "
        "username)",
    )


def open_existing_store(args: argparse.Namespace) -> ResultsStore | None:
    """The store to report on, or None (after saying so) when there is none yet: a report
    should not create an empty store where the grader mistyped a path."""
    from casequiz.cli.store import open_location
    from casequiz.store.base import default_location, exists

    location = args.db or default_location()
    if not exists(location):
        print(f"casequiz: no results store at {location} yet: nothing to report", file=sys.stderr)
        return None
    return open_location(location)


def options_from(args: argparse.Namespace, by: str = "attempt") -> ExportOptions:
    from casequiz.cli.common import existing_paths
    from casequiz.grade.export import ExportOptions
    from casequiz.grade.source import parse_since

    since = getattr(args, "since", None)
    if since is not None:
        try:
            since = parse_since(since)
        except ValueError:
            raise UsageError(
                f"--since: {args.since!r} is not a date (YYYY-MM-DD) or an ISO date and time"
            ) from None
    return ExportOptions(
        by=by,  # type: ignore[arg-type]
        bank=args.bank,
        student=getattr(args, "student", None),
        since=since,
        which=args.attempts,
        mode=args.mode,
        bank_paths=tuple(existing_paths(args.banks)) if args.banks else (),
    )


def nothing_found(store: ResultsStore, args: argparse.Namespace) -> None:
    filters = [
        f"{name} {value}"
        for name, value in (
            ("--student", getattr(args, "student", None)),
            ("--since", getattr(args, "since", None)),
            ("--mode", args.mode),
        )
        if value
    ]
    where = f" matching {' '.join(filters)}" if filters else ""
    print(
        f"casequiz: no finished attempts in {store.path}{where}: nothing to report", file=sys.stderr
    )


def write_output(text: str, output: Path | None) -> None:
    """The report to FILE, or to stdout as UTF-8 whatever the terminal's encoding."""
    if output is None:
        if sys.stdout.isatty():
            from casequiz.quiz.literal import for_terminal

            text = for_terminal(text)
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.flush()
            sys.stdout.write(text)
            return
    write_bytes(text.encode("utf-8"), output)


def write_bytes(data: bytes, output: Path | None) -> None:
    """A file's bytes to FILE, or to stdout."""
    if output is None:
        sys.stdout.flush()
        buffer = sys.stdout.buffer
        buffer.write(data)
        buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    from casequiz.cli.gradebook import SUFFIXES

    suffix = args.output.suffix.lower() if args.output else ""
    return SUFFIXES.get(suffix, "csv")


def run(args: argparse.Namespace) -> int:
    from casequiz.cli.gradebook import check_arguments
    from casequiz.grade.export import UnknownBank, export_rows, render
    from casequiz.grade.tables import Table

    fmt = _format(args)
    check_arguments(args, fmt)
    if fmt in ("xlsx", "moodle-grades", "canvas-grades"):
        return _run_file(args, fmt)
    options = options_from(args, args.by or "attempt")
    store = open_existing_store(args)
    if store is None:
        return 0
    with store:
        try:
            rows = export_rows(store, options, for_csv=fmt == "csv", lines=fmt == "csv")
        except UnknownBank as exc:
            raise UsageError(str(exc)) from None
        if rows is None:
            nothing_found(store, args)
            return 0
        if fmt == "csv":  # streamed from the store to the file: memory stays flat
            count = _write_csv(rows, args.output, excel=args.excel)
        else:
            table = Table(rows.by, rows.columns, tuple(rows.rows), rows.neutralised)
            count = len(table.rows)
            write_output(render(table, fmt), args.output)  # type: ignore[arg-type]
    if args.output is not None:
        print(f"wrote {count} row{'' if count == 1 else 's'} to {args.output}", file=sys.stderr)
    return 0


def _write_csv(rows: Any, output: Path | None, *, excel: bool) -> int:
    import io

    from casequiz.grade.rows import write_csv

    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None or sys.stdout.isatty():  # a terminal sees no raw control characters
            text = io.StringIO(newline="")
            count = write_csv(rows, text, excel=excel)
            write_output(text.getvalue(), None)
            return count
        sys.stdout.flush()
        out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
        try:
            return write_csv(rows, out, excel=excel)
        finally:
            out.flush()
            out.detach()
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            return write_csv(rows, handle, excel=excel)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _run_file(args: argparse.Namespace, fmt: str) -> int:
    """A workbook or an LMS gradebook (`cli.gradebook`)."""
    from casequiz.cli import gradebook
    from casequiz.grade.export import UnknownBank
    from casequiz.grade.gradebook import RosterError

    options = options_from(args, args.by or "attempt")
    store = open_existing_store(args)
    if store is None:
        return 0
    unmatched = 0
    text: str | None = None
    with store:
        try:
            if fmt == "xlsx":
                data = gradebook.workbook(store, options, args.by)
            else:
                made = gradebook.gradebook(store, options, args, fmt)
                data = None if made is None else b""
                text, unmatched = made if made is not None else (None, 0)
        except UnknownBank as exc:
            raise UsageError(str(exc)) from None
        except RosterError as exc:
            from casequiz.quiz.literal import literal

            print(literal(str(exc)), file=sys.stderr)
            return 1
        if data is None:
            nothing_found(store, args)
            return 0
    if text is not None:  # CSV: on a terminal made visible-safe, like every other report
        write_output(text, args.output)
    else:
        write_bytes(data, args.output)
    if args.output is not None:
        print(f"wrote {fmt} to {args.output}", file=sys.stderr)
    return 1 if unmatched else 0
