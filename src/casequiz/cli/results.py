"""`casequiz results`: merge the result files students hand in, and manage the stored attempts.

Importing re-scores every response against the bank the grader holds, so a grade never rests
on a number the student's machine wrote; `list` and `remove` live in `casequiz.cli.attempts`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.cli.common import add_command, add_db_option, existing_paths, plural

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.quiz.rescore import Rescorer
    from casequiz.store.db import Store


def register(commands: Any) -> None:
    parser = add_command(commands, "results", run_usage)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="import result files (or folders of them) into the store",
        description="Import result files into the store. Every response is scored again "
        "against the bank the file was taken on: scores and totals never come from the file. "
        "Importing a file twice, or a copy of it under another uid, changes nothing. A file "
        "whose bank hash matches none of the banks given with --bank (or the default banks) is "
        "refused unless --force, which records it as unverified.",
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
        help="import even when the bank a file was taken on is not loaded (recorded as "
        "unverified: its scores are the file's own)",
    )
    imp.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file whose scores disagree with the bank instead of re-scoring it",
    )
    imp.set_defaults(run=run_import)
    from casequiz.cli.attempts import register_actions

    register_actions(actions)
    for action in actions.choices.values():
        add_db_option(action)


def run_usage(args: argparse.Namespace) -> int:
    from casequiz.cli.common import UsageError

    raise UsageError(
        "results needs an action: casequiz results import FILE..., results list, "
        "or results remove ID..."
    )


def _files(values: list[str]) -> list[Path]:
    files: list[Path] = []
    for path in existing_paths(values):
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


def say(line: str) -> None:
    """One line to stderr, its control characters made visible: file content is not obeyed."""
    from casequiz.quiz.literal import literal

    print(literal(line), file=sys.stderr)


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Batch:
    """One `results import` run: the grader's banks (loaded only once a file needs them),
    the counts for the summary, and the options.

    A plain class, not a dataclass: every `casequiz results` action imports this module,
    and needs neither `dataclasses` nor SQLite nor OpenSSL (`import_file` does).
    """

    def __init__(self, bank_paths: list[Path], force: bool, strict: bool) -> None:
        self.bank_paths = bank_paths
        self.force = force
        self.strict = strict
        self.counts: dict[str, int] = dict.fromkeys(
            ("imported", "present", "refused", "rescored", "unverified"), 0
        )
        self._banks: dict[tuple[str, str], LoadedBank] | None = None
        self._rescorer: Rescorer | None = None

    def banks(self) -> dict[tuple[str, str], LoadedBank]:
        if self._banks is None:
            from casequiz.bank.load import check_paths

            self._banks = {}
            for result in check_paths(self.bank_paths, need_bank=True):
                if result.loaded is not None:
                    bank = result.loaded
                    self._banks.setdefault((bank.bank.id, bank.digest), bank)
        return self._banks

    def rescorer(self) -> Rescorer:
        if self._rescorer is None:
            from casequiz.quiz.rescore import Rescorer

            self._rescorer = Rescorer(self.banks().values())
        return self._rescorer

    def refuse(self, message: str) -> None:
        say(f"error: {message}")
        self.counts["refused"] += 1

    def summary(self) -> str:
        counts = self.counts
        line = (
            f"{plural(counts['imported'], 'attempt')} imported, {counts['present']} already "
            f"present, {counts['refused']} refused"
        )
        extra = []
        if counts["rescored"]:
            extra.append(
                f"{counts['rescored']} re-scored (scores in the file disagreed with the bank)"
            )
        if counts["unverified"]:
            extra.append(f"{counts['unverified']} unverified (bank not loaded)")
        return line + (f"; {', '.join(extra)}" if extra else "")

    def import_file(self, path: Path, store: Store) -> None:
        """Import one file, or refuse it in one line; nothing it holds can stop the batch."""
        import hashlib
        import sqlite3

        from casequiz.quiz import resultfile
        from casequiz.quiz.rescore import RescoreError, check_claims
        from casequiz.records import content_digest
        from casequiz.store.base import StoreRefused

        try:
            data = resultfile.read_bytes(path)
            file_digest = hashlib.sha256(data).hexdigest()
            if store.imported_file(file_digest):  # these very bytes: nothing to check again
                self.counts["present"] += 1
                return
            record = resultfile.parse(data, path)
        except resultfile.ResultFileError as exc:
            self.refuse(str(exc))
            return
        except (KeyError, TypeError, ValueError) as exc:
            self.refuse(f"{path}: the attempt in it is malformed ({exc})")
            return
        loaded = self.banks()
        missing = [b["id"] for b in record.banks if (b["id"], b["hash"]) not in loaded]
        if missing and not self.force:
            self.refuse(
                f"{path}: taken on a version of bank {', '.join(missing)} that is not loaded "
                "(pass the bank with --bank, or --force to import it unverified)"
            )
            return
        disagreement = None
        try:
            if missing:
                check_claims(record)
            else:
                rescored = self.rescorer().rescore(record)
                if rescored.disagrees:
                    disagreement = (
                        f"{path}: scores in the file disagree with the bank (file "
                        f"{_points(rescored.claimed_score)}/{_points(rescored.claimed_max)}, "
                        f"re-scored {_points(record.score or 0)}/{_points(record.max_score or 0)})"
                    )
                for bank in record.banks:  # where the grader holds it, not the student's path
                    bank["path"] = str(loaded[(bank["id"], bank["hash"])].path)
        except RescoreError as exc:
            self.refuse(f"{path}: the attempt in it is refused ({exc})")
            return
        if disagreement and self.strict:
            self.refuse(f"{disagreement}; refused (--strict)")
            return
        record.origin = "import"
        try:
            outcome = store.import_result(
                record,
                verified=not missing,
                content_digest=content_digest(record),
                file_digest=file_digest,
                file_name=str(path),
            )
        except sqlite3.Error as exc:
            self.refuse(f"{path}: the results store could not take it ({exc})")
            return
        except StoreRefused as exc:  # this file's text, not the store: the batch goes on
            self.refuse(f"{path}: the results store could not take it ({exc.reason})")
            return
        if outcome.status == "conflict":
            held = f"imported from {outcome.source}" if outcome.source else "taken in this store"
            self.refuse(
                f"{path}: claims the uid {record.uid} of attempt {outcome.attempt_id} "
                f"({held}), but holds a different attempt; not imported"
            )
            return
        if outcome.status == "present":
            self.counts["present"] += 1
            return
        self.counts["imported"] += 1
        if missing:
            self.counts["unverified"] += 1
            say(f"{path}: recorded as unverified: bank {', '.join(missing)} is not loaded")
        if disagreement:
            self.counts["rescored"] += 1
            say(f"{disagreement}; recorded as re-scored")


def run_import(args: argparse.Namespace) -> int:
    from casequiz.cli.taking import bank_paths, open_store

    files = _files(args.files)
    if not files:  # a folder without result files: most likely the wrong folder
        say("no result files (*.json) found: nothing imported")
        return 1
    batch = Batch(bank_paths(args.bank), args.force, args.strict)
    with open_store(args) as store:
        for path in files:
            batch.import_file(path, store)
    print(batch.summary())
    return 1 if batch.counts["refused"] else 0
