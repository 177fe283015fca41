"""`casequiz study`: spaced repetition with FSRS, and `study --stats` to see the schedule.

A session asks what is due for the student, then up to `--new` questions never seen. The
schedule lives in the results store, so it survives restarts and is shared by the TUI and the
plain mode.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import (
    UsageError,
    add_command,
    add_plain_flag,
    add_sources_flag,
    require_terminal,
)
from casequiz.cli.options import parse_seed, whole_number
from casequiz.cli.taking import bank_paths, load, open_store, store_path, student_name

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.store.cards import CardStore

DEFAULT_NEW = 10
"""Mirrors `casequiz.quiz.study.DEFAULT_NEW`, which `--help` must not import (a test checks)."""


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "study",
        run,
        description="Study with spaced repetition (FSRS): the questions due now for you, the "
        "most overdue first, then up to --new questions you have never seen. Each answer is "
        "rated Again, Hard, Good or Easy, and the rating decides when the question comes back. "
        "With --stats, show your schedule instead.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="BANK|DIR",
        help="banks or folders of banks (default: ./questions, else the bundled banks)",
    )
    parser.add_argument(
        "--student", metavar="NAME", help="whose schedule this is (default: your login)"
    )
    parser.add_argument(
        "--new",
        type=whole_number(0),
        default=DEFAULT_NEW,
        metavar="N",
        help=f"at most N questions never seen (default {DEFAULT_NEW}; 0 for reviews only)",
    )
    parser.add_argument(
        "--limit",
        type=whole_number(1),
        metavar="N",
        help="at most N questions in all (default: no limit)",
    )
    parser.add_argument(
        "--seed",
        type=parse_seed,
        metavar="S",
        help="seed for shuffling the choices, a number or a word",
    )
    add_sources_flag(parser)
    add_plain_flag(parser)
    parser.add_argument(
        "--stats",
        action="store_true",
        help="show cards by state, retention over 30 days and the 14-day forecast per bank",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), help="with --stats: text (default) or json"
    )


def run(args: argparse.Namespace) -> int:
    if args.format is not None and not args.stats:
        raise UsageError("--format goes with --stats")
    if not args.plain and not args.stats:
        require_terminal()
    student = student_name(args)
    banks = load(bank_paths(args.paths), args.sources)
    if banks is None:
        return 1
    from casequiz.store.cards import CardStore

    with open_store(args, create=not args.stats) as store:
        cards = CardStore(store)
        if args.stats:
            if not store.durable and args.db != ":memory:":
                print(
                    f"Note: no results store at {store_path(args)} yet: every question is new.",
                    file=sys.stderr,
                )
            return _stats(args, student, banks, cards)
        from casequiz.quiz.study import StudySession

        session = StudySession.start(
            banks, student=student, new=args.new, limit=args.limit, log=cards, seed=args.seed
        )
        if args.plain:
            from casequiz.plain.study import run_study

            return run_study(session, sys.stdin, sys.stdout)
        from casequiz.tui.studyapp import run_study as run_tui_study

        return run_tui_study(session, store, seed=args.seed)


def _stats(
    args: argparse.Namespace, student: str, banks: list[LoadedBank], cards: CardStore
) -> int:
    """Cards by state, retention and the forecast per bank, as text or JSON; writes nothing."""
    from datetime import timedelta

    from casequiz.quiz.schedule import iso, utc_now
    from casequiz.quiz.studystats import RETENTION_DAYS, study_stats

    now = utc_now()
    since = iso(now - timedelta(days=RETENTION_DAYS))
    stats = study_stats(banks, cards.cards(student), cards.reviews(student, since), now)
    if args.format == "json":
        document = {
            "student": student,
            "generated_at": iso(now),
            "banks": [bank.to_json() for bank in stats],
        }
        from casequiz.quiz.literal import visible_json

        print(visible_json(document, indent=2))
        return 0
    from casequiz.plain.render import Painter, wants_colour
    from casequiz.plain.studystats import stats_lines

    paint = Painter(wants_colour(sys.stdout))
    for line in stats_lines(student, stats, now.astimezone(), paint):
        print(line)
    return 0
