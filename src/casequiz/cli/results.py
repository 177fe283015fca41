"""`casequiz results import`: merge the result files students hand in into the grader's store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casequiz.cli.common import add_subcommand, existing_paths, plural


def register(commands: Any) -> None:
    parser = add_subcommand(
        commands, "results", "merge result files that students hand in", run_usage
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import result files (or folders of them) into the store",
        description="Import result files into the store. Importing a file twice changes "
        "nothing. A file whose bank hash matches none of the banks given with --bank (or the "
        "default banks) is refused unless --force.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE|DIR")
    imp.add_argument(
        "--bank",
        action="append",
        default=[],
        metavar="BANK|DIR",
        help="banks to check the files against (default: ./questions, else the bundled banks)",
    )
    imp.add_argument(
        "--force",
        action="store_true",
        help="import even when the bank a file was taken on is not loaded",
    )
    imp.set_defaults(run=run_import)


def run_usage(args: argparse.Namespace) -> int:
    from casequiz.cli.common import UsageError

    raise UsageError("results needs an action: casequiz results import FILE...")


def _files(values: list[str]) -> list[Path]:
    files: list[Path] = []
    for path in existing_paths(values):
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


def run_import(args: argparse.Namespace) -> int:
    from casequiz.bank.load import check_paths
    from casequiz.cli.taking import bank_paths, open_store
    from casequiz.quiz import resultfile

    files = _files(args.files)
    known_hashes: dict[str, set[str]] = {}
    for result in check_paths(bank_paths(args.bank), need_bank=True):
        if result.loaded is not None:
            known_hashes.setdefault(result.loaded.bank.id, set()).add(result.loaded.digest)
    imported = skipped = failed = 0
    with open_store(args) as store:
        for path in files:
            try:
                record = resultfile.read(path)
            except resultfile.ResultFileError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed += 1
                continue
            mismatched = [
                b["id"]
                for b in record.banks
                if b.get("hash") not in known_hashes.get(b["id"], set())
            ]
            if mismatched and not args.force:
                print(
                    f"error: {path}: taken on a version of bank {', '.join(mismatched)} that is "
                    "not loaded (pass the bank with --bank, or --force to import anyway)",
                    file=sys.stderr,
                )
                failed += 1
                continue
            record.origin = "import"
            if store.import_attempt(record):
                imported += 1
            else:
                skipped += 1
    print(f"{plural(imported, 'attempt')} imported, {skipped} already present, {failed} refused")
    return 1 if failed else 0
