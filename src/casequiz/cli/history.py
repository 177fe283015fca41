"""`casequiz history`: past attempts in plain text, and any one of them for its review."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casequiz.cli.common import add_command
from casequiz.cli.options import whole_number
from casequiz.cli.taking import open_store


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "history",
        run,
        description="List the finished attempts in the results store, the most recent first: "
        "number, date, mode, score, student and banks. With a NUMBER, show that attempt's "
        "results and every question's feedback and source excerpts.",
    )
    parser.add_argument(
        "number",
        nargs="?",
        type=whole_number(1, 2**63 - 1),  # a store's ids fit in 64 bits
        metavar="NUMBER",
        help="an attempt to show",
    )
    parser.add_argument("--student", metavar="NAME", help="only this student's attempts")
    parser.add_argument(
        "--banks",
        action="append",
        default=[],
        metavar="BANK|DIR",
        help="where to find the attempt's banks (same id and content hash); default: where it "
        "was taken, ./questions, else the bundled banks",
    )


def run(args: argparse.Namespace) -> int:
    from casequiz.cli.common import existing_paths
    from casequiz.plain.history import history_lines, review_of, stored_review
    from casequiz.plain.render import Painter, wants_colour
    from casequiz.quiz.history import (
        CannotReopen,
        banks_for,
        missing_banks,
        past_attempts,
        reopen,
    )
    from casequiz.quiz.literal import literal

    paint = Painter(wants_colour(sys.stdout))
    with open_store(args, create=False) as store:  # a mistyped --db creates nothing
        if args.number is None:
            pasts = past_attempts(store.attempts(finished=True, student=args.student))
            print(*history_lines(pasts, paint), sep="\n")
            return 0
        record = store.attempt(args.number)
        if (
            record is None
            or not record.finished
            or (args.student is not None and record.student != args.student)
        ):
            print(f"casequiz: no finished attempt number {args.number}", file=sys.stderr)
            return 1
        banks = banks_for(record, tuple(existing_paths(args.banks)) if args.banks else ())
        missing = missing_banks(record, banks)
        if missing:
            print(
                f"casequiz: attempt {args.number}: bank {literal(', '.join(missing))} not found "
                "(same id and content hash); showing its stored scores only",
                file=sys.stderr,
            )
            print(*stored_review(record, paint), sep="\n")
            return 0
        try:
            attempt = reopen(record, banks=banks)
        except CannotReopen as why:
            print(f"casequiz: cannot show attempt {args.number}: {why}", file=sys.stderr)
            return 1
        print(*review_of(attempt, paint), sep="\n")
        return 0
