"""`casequiz stats`: Moodle's item analysis of the attempts in the results store, per bank."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casequiz.cli.common import UsageError, add_command
from casequiz.cli.export import add_filter_args


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "stats",
        run,
        description="Moodle's quiz statistics over the finished attempts of the results store, "
        "one report per bank (or only --bank's): per question the facility index, standard "
        "deviation, random guess score, intended and effective weight, discrimination index and "
        "discriminative efficiency, with flags on the questions to review; for the whole bank "
        "the mean, median, SD, skewness, kurtosis, CIC, error ratio and standard error, and a "
        "histogram of total scores.",
    )
    parser.add_argument("--format", choices=("table", "csv", "json", "md"), default="table")
    add_filter_args(parser)
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")


def run(args: argparse.Namespace) -> int:
    from casequiz.cli.export import nothing_found, open_existing_store, options_from, write_output
    from casequiz.grade.export import UnknownBank
    from casequiz.grade.report import render_stats
    from casequiz.grade.storestats import analyse_any

    options = options_from(args)
    store = open_existing_store(args)
    if store is None:
        return 0
    with store:
        try:
            reports = analyse_any(store, options)
        except UnknownBank as exc:
            raise UsageError(str(exc)) from None
        if reports is None:
            nothing_found(store, args)
            return 0
    write_output(render_stats(reports, args.format, which=args.attempts), args.output)
    return 0
