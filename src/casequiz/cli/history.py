"""`casequiz history`: past attempts in plain text, and any one of them for its review."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casequiz.cli.common import add_subcommand
from casequiz.cli.taking import open_store


def register(commands: Any) -> None:
    parser = add_subcommand(
        commands,
        "history",
        "list past attempts, or show one with its feedback",
        run,
        description="List the finished attempts in the results store, the most recent first: "
        "number, date, mode, score, student and banks. With a NUMBER, show that attempt's "
        "results and every question's feedback and source excerpts.",
    )
    parser.add_argument("number", nargs="?", type=int, metavar="NUMBER", help="an attempt to show")
    parser.add_argument("--student", metavar="NAME", help="only this student's attempts")


def run(args: argparse.Namespace) -> int:
    from casequiz.plain.history import history_lines, review_of
    from casequiz.plain.render import Painter, wants_colour
    from casequiz.quiz.history import CannotReopen, past_attempts, reopen

    paint = Painter(wants_colour(sys.stdout))
    with open_store(args, create=False) as store:  # a mistyped --db creates nothing
        if args.number is None:
            pasts = past_attempts(store.attempts(finished=True, student=args.student))
            print(*history_lines(pasts, paint), sep="\n")
            return 0
        record = store.attempt(args.number)
        if record is None or not record.finished or (
            args.student is not None and record.student != args.student
        ):
            print(f"casequiz: no finished attempt number {args.number}", file=sys.stderr)
            return 1
        try:
            attempt = reopen(record)
        except CannotReopen as why:
            print(f"casequiz: cannot show attempt {args.number}: {why}", file=sys.stderr)
            return 1
        print(*review_of(attempt, paint), sep="\n")
        return 0
