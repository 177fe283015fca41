"""`casequiz resume`: continue an unfinished attempt exactly where it stopped."""

from __future__ import annotations

import argparse
from typing import Any

from casequiz.cli.common import add_plain_flag, add_subcommand
from casequiz.cli.taking import run_resume


def register(commands: Any) -> None:
    parser = add_subcommand(commands, "resume", "continue an unfinished attempt", run)
    parser.add_argument("--student", metavar="NAME", help="whose attempt (default: the latest)")
    add_plain_flag(parser)


def run(args: argparse.Namespace) -> int:
    return run_resume(args)
