"""`casequiz store copy SRC DST`: merge one results store into another, SQLite or PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import add_command, plural

if TYPE_CHECKING:
    from casequiz.store.base import ResultsStore


def register(commands: Any) -> None:
    parser = add_command(commands, "store", run_usage)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    copy = actions.add_parser(
        "copy",
        help="copy every attempt, answer and study card of one store into another",
        description="Copy everything SRC holds into DST, each an SQLite file or a "
        "postgresql:// URL: every attempt (with its answers, and whether it was verified or "
        "abandoned), the record of the result files imported, the log of removed attempts, "
        "and every study card and review. DST is created if needed; what it already holds is "
        "kept (of two versions of an answer or a card, the newer wins), an attempt removed "
        "from either store stays removed, and copying again, or back, adds nothing.",
    )
    copy.add_argument("source", metavar="SRC", help="the store to copy from (path or URL)")
    copy.add_argument("destination", metavar="DST", help="the store to copy into (path or URL)")
    copy.set_defaults(run=run_copy)


def open_location(location: str | Path | None) -> ResultsStore:
    """The store at `location` (default: `$CASEQUIZ_DB`, else the user's file) for a command.

    A server that cannot be reached or refuses us is one line and exit 1 (nothing the user
    typed is wrong); a file that is not a usable store is a usage error (exit 2).
    """
    from casequiz.cli.common import UsageError
    from casequiz.store.base import StoreError, StoreUnavailable, open_store

    try:
        return open_store(location)
    except StoreUnavailable as exc:
        print(f"casequiz: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def run_usage(args: argparse.Namespace) -> int:
    from casequiz.cli.common import UsageError

    raise UsageError("store needs an action: casequiz store copy SRC DST")


def run_copy(args: argparse.Namespace) -> int:
    from casequiz.store.base import StoreError, exists, open_store
    from casequiz.store.copy import copy_store

    if not exists(args.source):
        print(f"casequiz: error: no results store at {args.source}", file=sys.stderr)
        return 1
    try:
        with open_store(args.source) as source, open_store(args.destination) as destination:
            counts = copy_store(source, destination)
            where = f"{source.path} into {destination.path}"
    except StoreError as exc:
        print(f"casequiz: error: {exc}", file=sys.stderr)
        return 1
    kept = (
        f"; {plural(counts.kept_removed, 'attempt')} not copied: removed from the destination"
        if counts.kept_removed
        else ""
    )
    print(
        f"Copied {plural(counts.attempts, 'attempt')} ({counts.new_attempts} new), "
        f"{plural(counts.reviews, 'study review')} ({counts.new_reviews} new), "
        f"{plural(counts.files, 'imported file record')} ({counts.new_files} new) and "
        f"{plural(counts.removals, 'removal')} ({counts.new_removals} new) from {where}{kept}."
    )
    return 0
