"""Taking a quiz from the command line: `practice`, `exam` and `resume` share this module.

Banks are loaded and the attempt is started (or found again) here; then either the plain line
mode or the TUI runs it. Both get the same engine and the same store.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import (
    UsageError,
    add_plain_flag,
    add_sources_flag,
    existing_paths,
    print_diagnostics,
    require_terminal,
)
from casequiz.cli.options import parse_duration, parse_seed, whole_number
from casequiz.quiz.literal import literal

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.attempt import Attempt
    from casequiz.records import AttemptRecord
    from casequiz.store.base import ResultsStore


def add_taking_args(parser: argparse.ArgumentParser, *, exam: bool) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="BANK|DIR",
        help="banks or folders of banks (default: ./questions, else the bundled banks)",
    )
    parser.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="T",
        help="only questions of this topic (repeatable)",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only questions with this tag (repeatable)",
    )
    parser.add_argument("--count", type=whole_number(1), metavar="N", help="draw N questions")
    parser.add_argument(
        "--seed",
        type=parse_seed,
        metavar="S",
        help="seed for drawing and shuffling, a number or a word (the same seed, the same quiz)",
    )
    if exam:
        parser.add_argument(
            "--time-limit",
            type=parse_duration,
            metavar="DURATION",
            help="e.g. 20m or 1h30m; when it runs out the exam finishes",
        )
    parser.add_argument(
        "--student",
        required=exam,
        metavar="NAME",
        help="whose attempt this is" + ("" if exam else " (default: your login)"),
    )
    add_sources_flag(parser)
    add_plain_flag(parser)


def store_path(args: argparse.Namespace) -> str | Path:
    """Where `--db` (else `$CASEQUIZ_DB`, else the user's file) says the store is: a path, or
    a `postgresql://` URL."""
    from casequiz.store.base import default_location, is_url

    if args.db:
        return args.db if is_url(args.db) else Path(args.db)
    return default_location()


def open_store(args: argparse.Namespace, *, create: bool = True) -> ResultsStore:
    """The results store; without `create`, an empty one in memory where no file exists yet.

    A command that only reads (`resume`, `study --stats`) must not leave an empty store behind
    at a path the user mistyped.
    """
    from casequiz.cli.store import open_location
    from casequiz.store.base import exists

    location = store_path(args)
    if not create and str(location) != ":memory:" and not exists(location):
        location = Path(":memory:")
    return open_location(location)


def load(paths: list[Path], sources_dir: Path | None = None) -> list[LoadedBank] | None:
    """The valid banks at `paths`; None (after printing every problem) if any is invalid."""
    from casequiz.bank.diagnostics import BankError
    from casequiz.bank.load import load_banks

    try:
        banks = load_banks(paths, sources_dir=sources_dir, light=True)
    except BankError as exc:
        print_diagnostics(exc.diagnostics)
        print(
            "casequiz: the banks above have errors; fix them, then try again "
            "(casequiz validate shows them all)",
            file=sys.stderr,
        )
        return None
    if not banks:
        raise UsageError(f"no banks found in {', '.join(map(str, paths))}")
    return banks


def bank_paths(values: list[str]) -> list[Path]:
    if values:
        return existing_paths(values)
    from casequiz.bank.discover import default_dirs

    return default_dirs()


def student_name(args: argparse.Namespace) -> str:
    name = (args.student or "").strip()
    if args.student is not None and not name:
        raise UsageError("--student needs a name")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "student"


def run_new(args: argparse.Namespace, mode_name: str) -> int:
    from casequiz.quiz.attempt import Attempt, Mode
    from casequiz.quiz.draw import Selection, SelectionError

    if not args.plain:
        require_terminal()
    with first_screen():
        student = student_name(args)
        banks = load(bank_paths(args.paths), args.sources)
        if banks is None:
            return 1
        selection = Selection(tuple(args.topic), tuple(args.tag), args.count, args.seed)
        with open_store(args) as store:
            try:
                attempt = Attempt.start(
                    banks,
                    selection,
                    student=student,
                    mode=Mode(mode_name),
                    time_limit=getattr(args, "time_limit", None),
                    log=store,
                )
            except SelectionError as exc:
                raise UsageError(str(exc)) from None
            return run(attempt, store, plain=args.plain)


@contextmanager
def first_screen() -> Iterator[None]:
    """No garbage collection from here to the first screen drawn (`collector`): the terminal
    UI resumes it then, plain mode before its first question, and at the latest on the way
    out of this block."""
    from casequiz.bank.collector import hold_until_started, started

    hold_until_started()
    try:
        yield
    finally:
        started()


def run(attempt: Attempt, store: Any, *, plain: bool) -> int:
    """Run the attempt in plain mode or the TUI.

    A store that fails mid-attempt (a full disk, a file made read-only, a lock held for
    minutes) ends the run with one line: every answer before the failing one is committed.
    """
    from casequiz.store.base import is_database_failure
    from casequiz.store.db import failure

    try:
        if plain:
            from casequiz.bank.collector import started
            from casequiz.plain.runner import run_attempt

            started()
            return run_attempt(attempt, sys.stdin, sys.stdout)
        from casequiz.tui.app import run_attempt as run_tui

        return run_tui(attempt, store)
    except Exception as exc:
        if not is_database_failure(exc):
            raise
        later = ": continue later with casequiz resume" if store.durable else ""
        path = store.path if isinstance(store.path, Path) else None
        print(
            f"\ncasequiz: error: the results store failed ({failure(exc, path)}); "
            f"the answers before this one are saved{later}",
            file=sys.stderr,
        )
        return 1


def run_resume(args: argparse.Namespace) -> int:
    if getattr(args, "abandon", None) is not None:
        return run_abandon(args)
    if not args.plain:
        require_terminal()
    with first_screen():
        return _resume_latest(args)


def _resume_latest(args: argparse.Namespace) -> int:
    with open_store(args, create=False) as store:
        waiting = store.unfinished(args.student)
        if not waiting:
            who = f" for {literal(args.student)}" if args.student else ""
            where = "" if store.durable else f" (no results store at {store_path(args)})"
            print(f"No unfinished attempt{who}{where}.", file=sys.stderr)
            return 1
        for record in waiting:
            attempt = _resumable(record, store)
            if attempt is not None:
                break
        else:
            print(
                "casequiz: no unfinished attempt can continue; abandon the ones above with "
                "casequiz resume --abandon ID",
                file=sys.stderr,
            )
            return 1
        if len(waiting) > 1:
            print(
                literal(
                    f"Resuming the latest of {len(waiting)} unfinished attempts (started "
                    f"{record.started_at[:16].replace('T', ' ')}, {record.student})."
                ),
                file=sys.stderr,
            )
        return run(attempt, store, plain=args.plain)


def _resumable(record: AttemptRecord, store: ResultsStore) -> Attempt | None:
    """The attempt ready to continue, or None (after one line saying why) when its bank is
    gone or no longer holds its questions: such an attempt never blocks the others."""
    from casequiz.bank.diagnostics import BankError
    from casequiz.bank.load import load_banks
    from casequiz.quiz.attempt import Attempt
    from casequiz.quiz.draw import SelectionError

    def passed_over(why: str) -> None:
        print(
            literal(
                f"Passing over attempt {record.id} ({record.student}, started "
                f"{record.started_at[:16].replace('T', ' ')}): {why}; abandon it with "
                f"casequiz resume --abandon {record.id}"
            ),
            file=sys.stderr,
        )

    paths = [Path(str(bank.get("path", ""))) for bank in record.banks]
    try:
        missing = [str(p) for p in paths if not p.is_file()]
    except (OSError, ValueError):
        missing = [str(p) for p in paths]
    if missing:
        passed_over(f"its bank is gone ({', '.join(missing)})")
        return None
    try:
        banks = load_banks(paths, light=True)
    except BankError as exc:
        passed_over(f"its bank no longer loads ({len(exc.diagnostics)} problem(s))")
        return None
    changed = [
        b.bank.id
        for b in banks
        if any(r["id"] == b.bank.id and r["hash"] != b.digest for r in record.banks)
    ]
    try:
        attempt = Attempt.resume(record, banks, log=store)
    except SelectionError as exc:
        passed_over(f"its bank changed ({exc})")
        return None
    if changed:
        print(
            f"Note: bank {', '.join(changed)} changed since the attempt started.", file=sys.stderr
        )
    return attempt


def run_abandon(args: argparse.Namespace) -> int:
    """`casequiz resume --abandon ID`: set an unfinished attempt aside for good."""
    with open_store(args, create=False) as store:
        record = store.attempt(args.abandon)
        if record is None or record.finished or not store.abandon_attempt(args.abandon):
            state = "no such attempt" if record is None else "not an unfinished attempt"
            print(f"casequiz: attempt {args.abandon}: {state}", file=sys.stderr)
            return 1
    print(
        literal(
            f"Abandoned attempt {args.abandon} ({record.student}, started "
            f"{record.started_at[:16].replace('T', ' ')}); it stays in the store, unscored."
        ),
        file=sys.stderr,
    )
    return 0
