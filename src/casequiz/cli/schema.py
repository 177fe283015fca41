"""`casequiz schema`: print the JSON Schema of the bank format, for editors and other tools."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casequiz.cli.common import add_command


def register(commands: Any) -> None:
    add_command(commands, "schema", run)


def run(args: argparse.Namespace) -> int:
    from casequiz.bank.schema import bank_schema_text

    sys.stdout.write(bank_schema_text())
    return 0
