"""`casequiz score`: grade a response sheet against a bank, and optionally record it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import UsageError, add_command, existing_paths, print_diagnostics

if TYPE_CHECKING:
    from casequiz.quiz.sheet import SheetResult


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "score",
        run,
        description="Score a response sheet against a bank. The sheet maps question ids to "
        "responses, written as in the bank: an option's text, a list of options, true/false, "
        "a number or text, a list of items in order, a mapping left -> right, a mapping of "
        "blank -> answer (or a list in blank order) for a cloze. Exit 1 when the "
        "sheet names unknown questions or has unreadable responses (they are still reported).",
    )
    parser.add_argument("bank", metavar="BANK", help="the bank file the sheet answers")
    parser.add_argument(
        "--responses",
        metavar="FILE",
        type=Path,
        help="the response sheet, YAML or JSON",
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help="print a blank response sheet for BANK: every question id, its type and what "
        "to write; fill it in and give it back with --responses",
    )
    parser.add_argument("--student", metavar="NAME", help="whose sheet (needed with --record)")
    parser.add_argument(
        "--record", action="store_true", help="store the sheet as a finished attempt of --student"
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--sources", metavar="DIR", type=Path, help=argparse.SUPPRESS)


def read_sheet(path: Path) -> dict[Any, Any] | None:
    """The sheet's mapping, or None after printing where it is malformed."""
    from casequiz.bank.diagnostics import BankError, Diagnostic
    from casequiz.bank.files import read_regular
    from casequiz.bank.yamlread import read_yaml

    try:
        raw = read_regular(path)  # never a FIFO that would hang, never gigabytes
    except OSError as exc:  # bad data (a folder, a device), not a bad command line: exit 1
        from casequiz.quiz.literal import literal

        print(literal(f"casequiz: cannot read {path}: {exc.strerror or exc}"), file=sys.stderr)
        return None
    try:
        data = read_yaml(str(path), raw).data
    except BankError as exc:
        diagnostics = [
            Diagnostic(d.file, d.line, d.col, d.code, _sheet_message(d.code, d.message))
            for d in exc.diagnostics
        ]
        print_diagnostics(diagnostics)
        return None
    return data


def _sheet_message(code: str, message: str) -> str:
    """The YAML reader speaks of banks; a sheet's author needs to hear about their sheet."""
    if code == "E103":
        what = "empty" if "empty" in message else "not a mapping"
        return f"the sheet is {what}: write one `question-id: response` per line"
    return message.replace("the bank", "the sheet")


def run(args: argparse.Namespace) -> int:
    from casequiz.cli.taking import load, open_store, student_name
    from casequiz.quiz.sheet import score_sheet

    if args.template:
        return write_template(args)
    if args.responses is None:
        raise UsageError("score needs --responses FILE (or --template for a blank sheet)")
    if args.record and not args.student:
        raise UsageError("--record needs --student NAME")
    (bank_path,) = existing_paths([args.bank])
    if bank_path.is_dir():
        raise UsageError(f"{bank_path} is a folder: score takes one bank file")
    existing_paths([str(args.responses)])
    banks = load([bank_path], args.sources)
    if banks is None:
        return 1
    sheet = read_sheet(args.responses)
    if sheet is None:
        return 1
    result = score_sheet(banks[0], sheet)
    for key in result.unknown:
        print(
            f"{args.responses}: warning: no question {key!r} in bank {banks[0].bank.id!r}",
            file=sys.stderr,
        )
    if args.record:
        with open_store(args) as store:
            record(result, student_name(args), store)
    if args.format == "json":
        from casequiz.quiz.literal import visible_json

        print(visible_json(result.to_json(), indent=2))
    else:
        print_table(result)
    return 1 if result.problems else 0


def write_template(args: argparse.Namespace) -> int:
    """`--template`: the blank response sheet of the bank, on stdout."""
    from casequiz.cli.taking import load
    from casequiz.quiz.template import template

    if args.responses is not None or args.record:
        raise UsageError("--template writes a blank sheet: it takes no --responses or --record")
    (bank_path,) = existing_paths([args.bank])
    if bank_path.is_dir():
        raise UsageError(f"{bank_path} is a folder: score takes one bank file")
    banks = load([bank_path], args.sources)
    if banks is None:
        return 1
    text = template(banks[0].bank, args.bank)
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    return 0


def record(result: SheetResult, student: str, store: Any) -> None:
    """Store the sheet as a finished attempt, scored like any other attempt.

    The attempt and all its answers are written in one transaction: a sheet is recorded whole
    or not at all, and never lingers as an unfinished attempt that `resume` would offer.
    """
    from casequiz.quiz.attempt import Attempt, Mode

    attempt = Attempt(student, Mode.SHEET, [line.slot for line in result.lines])
    attempt.started_at = attempt.clock()
    for index, line in enumerate(result.lines):
        if line.response is not None:
            attempt.go(index)
            attempt.answer(line.response)
    attempt.go(0)
    attempt.finish()
    attempt_id = store.create_attempt(attempt.to_record())
    from casequiz.quiz.literal import literal

    number = sum(1 for _ in store.attempts(finished=None, student=student))
    print(
        literal(f"Recorded as attempt {number} of {student} (number {attempt_id} in the store)."),
        file=sys.stderr,
    )


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def print_table(result: SheetResult) -> None:
    from casequiz.quiz.literal import literal

    width = max([len(line.slot.question.id) for line in result.lines] + [8])
    print(f"{'question':<{width}}  {'score':>9}  {'verdict':<10}  expected / note")
    for line in result.lines:
        points = f"{_points(line.score)}/{_points(line.slot.question.points)}"
        data = line.to_json()
        note = (
            data.get("error")
            or data.get("reading")
            or ("" if data["correct"] else f"expected {data['expected']}")
        )
        print(
            f"{line.slot.question.id:<{width}}  {points:>9}  {line.status:<10}  "
            f"{literal(str(note))[:70]}"
        )
    percent = 100 * result.score / result.max if result.max else 0
    print(f"total: {_points(result.score)} of {_points(result.max)} ({percent:.0f}%)")
