"""`casequiz practice`: feedback after every answer, and the wrong ones to retry at the end."""

from __future__ import annotations

import argparse
from typing import Any

from casequiz.cli.common import add_command
from casequiz.cli.taking import add_taking_args, run_new


def register(commands: Any) -> None:
    parser = add_command(commands, "practice", run)
    add_taking_args(parser, exam=False)


def run(args: argparse.Namespace) -> int:
    return run_new(args, "practice")
