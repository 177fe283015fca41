"""`casequiz resume`: continue an unfinished attempt exactly where it stopped."""

from __future__ import annotations

import argparse
from typing import Any

from casequiz.cli.common import add_command, add_plain_flag
from casequiz.cli.options import whole_number
from casequiz.cli.taking import run_resume


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "resume",
        run,
        description="Continue the latest unfinished attempt exactly where it stopped. An "
        "attempt whose bank is gone or changed so that it cannot continue is passed over (and "
        "named); set it aside for good with --abandon ID.",
    )
    parser.add_argument("--student", metavar="NAME", help="whose attempt (default: the latest)")
    parser.add_argument(
        "--abandon",
        type=whole_number(1, 2**63 - 1),
        metavar="ID",
        help="abandon unfinished attempt ID instead: it stays in the store, unscored, and is "
        "no longer offered to resume",
    )
    add_plain_flag(parser)


def run(args: argparse.Namespace) -> int:
    return run_resume(args)
