"""`casequiz roster codes`: the access codes of a roster, made once and kept beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casequiz.cli.common import add_command, add_subcommand


def register(commands: Any) -> None:
    parser = add_command(commands, "roster", _usage)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    codes = add_subcommand(
        actions,
        "codes",
        "print (making them the first time) the access codes of a roster",
        run_codes,
        description="Print each student's access code, making codes for students who have "
        "none. The codes are kept in ROSTER.codes.json beside the roster (readable by you "
        "only), so a restarted server knows the same codes; --renew starts a new sitting with "
        "new codes for everyone.",
    )
    codes.add_argument("roster", type=Path, metavar="ROSTER", help="CSV (name, id) or YAML")
    codes.add_argument(
        "--renew", action="store_true", help="new codes and a new sitting (a new exam)"
    )
    parser.set_defaults(parser=parser)


def _usage(args: argparse.Namespace) -> int:
    args.parser.print_help(sys.stderr)
    return 2


def run_codes(args: argparse.Namespace) -> int:
    from casequiz.serve.roster import RosterError, codes_table, load_codes

    try:
        codes = load_codes(args.roster, renew=args.renew)
    except RosterError as exc:
        print(f"casequiz: error: {exc}", file=sys.stderr)
        return 1
    print(codes_table(codes))
    return 0
