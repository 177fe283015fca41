"""`casequiz results list` and `casequiz results remove`: the attempts in the store, managed.

A removal is itself recorded (the removed attempt is kept in the store's `removals` table with
the time), so a grade that vanished can always be explained.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casequiz.cli.common import UsageError, plural
from casequiz.cli.options import whole_number


def register_actions(actions: Any) -> None:
    listing = actions.add_parser(
        "list",
        help="list the attempts in the store",
        description="List the attempts in the store, oldest first: id, student, bank, started, "
        "finished, score and whether the score was verified against the bank. Unfinished "
        "attempts show no finish; abandoned ones say so.",
    )
    listing.add_argument("--student", metavar="S", help="only this student's attempts")
    listing.add_argument("--bank", metavar="ID", help="only attempts drawn from this bank")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=run_list)
    remove = actions.add_parser(
        "remove",
        help="remove attempts from the store (the removal is recorded)",
        description="Remove attempts, by the id `results list` shows. Asks first unless --yes. "
        "Each removed attempt is kept in the store's record of removals, with the time.",
    )
    remove.add_argument("ids", nargs="+", type=whole_number(1, 2**63 - 1), metavar="ID")
    remove.add_argument("--yes", "-y", action="store_true", help="remove without asking")
    remove.set_defaults(run=run_remove)


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _moment(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ")


def run_list(args: argparse.Namespace) -> int:
    from casequiz.cli.export import open_existing_store
    from casequiz.quiz.literal import literal, visible_json

    store = open_existing_store(args)
    if store is None:
        return 0
    with store:
        found = store.list_attempts(student=args.student, bank=args.bank)
    if args.format == "json":
        rows = [item._asdict() | {"banks": list(item.banks)} for item in found]
        print(visible_json(rows, indent=1))
        return 0
    table = [("id", "student", "bank", "started", "finished", "score", "verified")]
    for item in found:
        if item.finished_at:
            finished, score = _moment(item.finished_at), f"{_points(item.score)}/"
            score += _points(item.max_score)
        else:
            finished, score = ("abandoned" if item.abandoned_at else "-"), "-"
        table.append(
            (
                str(item.id),
                literal(item.student),
                literal("+".join(item.banks)),
                _moment(item.started_at),
                finished,
                score,
                "yes" if item.verified else "NO",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(f"{plural(len(found), 'attempt')}", file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from casequiz.cli.export import open_existing_store
    from casequiz.quiz.literal import literal

    store = open_existing_store(args)
    if store is None:
        return 1
    with store:
        wanted = list(dict.fromkeys(args.ids))
        held = {item.id: item for item in store.list_attempts() if item.id in set(wanted)}
        unknown = [i for i in wanted if i not in held]
        for attempt_id in unknown:
            print(f"error: no attempt {attempt_id} in {store.path}", file=sys.stderr)
        chosen = [i for i in wanted if i in held]
        if not chosen:
            return 1
        if not args.yes:
            for attempt_id in chosen:
                item = held[attempt_id]
                print(
                    literal(
                        f"  {attempt_id}: {item.student}, {'+'.join(item.banks)}, started "
                        f"{_moment(item.started_at)}"
                    ),
                    file=sys.stderr,
                )
            if not sys.stdin.isatty():
                raise UsageError("removing needs a yes: answer at a terminal, or pass --yes")
            try:
                reply = input(f"Remove {plural(len(chosen), 'attempt')}? [y/N] ")
            except EOFError:
                reply = ""
            if reply.strip().casefold() not in ("y", "yes"):
                print("Nothing removed.", file=sys.stderr)
                return 1
        removed = store.remove_attempts(chosen)
    print(f"{plural(len(removed), 'attempt')} removed (kept in the store's record of removals)")
    return 1 if unknown else 0
