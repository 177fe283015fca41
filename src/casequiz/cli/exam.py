"""`casequiz exam`: no feedback until the end, an optional time limit, a result file to hand in."""

from __future__ import annotations

import argparse
from typing import Any

from casequiz.cli.common import add_command
from casequiz.cli.taking import add_taking_args, run_new


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "exam",
        run,
    )
    add_taking_args(parser, exam=True)


def run(args: argparse.Namespace) -> int:
    return run_new(args, "exam")
