"""A student's past attempts: one line each, and any of them opened again for its review.

The TUI's History screen and `casequiz history` read the same rows, so the two agree on what
an attempt is called (its banks, mode, date, score) and on how it is reopened: from the banks
it was taken on, found by id and content hash as `stats` and `export` find them (a recorded
path is only the first place to look), with every answer and verdict as committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casequiz.bank.diagnostics import BankError
from casequiz.bank.load import LoadedBank
from casequiz.bank.locate import locate_banks
from casequiz.quiz.attempt import Attempt, AttemptLog
from casequiz.quiz.draw import SelectionError
from casequiz.records import AttemptRecord


class CannotReopen(Exception):
    """The attempt's banks no longer load, or no longer hold its questions."""


@dataclass(frozen=True)
class Past:
    """One finished attempt as a list shows it."""

    record: AttemptRecord

    @property
    def when(self) -> str:
        """`2025-01-06 09:00`: the start, to the minute."""
        return self.record.started_at[:16].replace("T", " ")

    @property
    def title(self) -> str:
        return ", ".join(bank.get("title") or bank.get("id", "?") for bank in self.record.banks)

    @property
    def score(self) -> str:
        """`3/4 (75%)`."""
        got, out_of = self.record.score or 0.0, self.record.max_score or 0.0
        percent = f" ({100 * got / out_of:.0f}%)" if out_of else ""
        return f"{_points(got)}/{_points(out_of)}{percent}"


def past_attempts(records: Iterable[AttemptRecord]) -> list[Past]:
    """The finished attempts among `records` (as the store lists them), the most recent first."""
    records = [record for record in records if record.finished]
    return [Past(record) for record in sorted(records, key=_newest, reverse=True)]


def reopen(
    record: AttemptRecord,
    *,
    log: AttemptLog | None = None,
    sources_dir: Path | None = None,
    banks: Sequence[LoadedBank] | None = None,
) -> Attempt:
    """The attempt again, for its review (or a retry of its wrong answers, logged in `log`):
    on `banks` when the caller found them, else on the banks `banks_for` finds."""
    if banks is None:
        banks = banks_for(record, sources_dir=sources_dir)
        missing = missing_banks(record, banks)
        if missing:
            raise CannotReopen(f"bank {', '.join(missing)} not found (same id and content hash)")
    try:
        return Attempt.resume(record, banks, log=log)
    except BankError as error:
        first = error.diagnostics[0] if error.diagnostics else None
        raise CannotReopen(first.message if first else "its banks do not load") from None
    except (SelectionError, KeyError) as error:
        raise CannotReopen(str(error)) from None


def banks_for(
    record: AttemptRecord, paths: Sequence[Path] = (), *, sources_dir: Path | None = None
) -> list[LoadedBank]:
    """The banks `record` was taken on, one per bank id with the recorded content hash: looked
    for where it was taken and in `paths` (else the default folders), never just opened at the
    path the record names."""
    hashes = {bank.get("id"): bank.get("hash") for bank in record.banks}
    wanted = [(str(bank.get("id", "")), _path_of(bank)) for bank in record.banks]
    chosen: dict[str, LoadedBank] = {}
    for bank in locate_banks(wanted, paths, sources_dir=sources_dir):
        if hashes.get(bank.bank.id) == bank.digest:
            chosen.setdefault(bank.bank.id, bank)
    return list(chosen.values())


def _path_of(bank: dict) -> str | None:
    path = bank.get("path")
    return path if isinstance(path, str) and path else None


def missing_banks(record: AttemptRecord, found: Iterable[LoadedBank]) -> list[str]:
    """The ids of the banks `record` was taken on that `found` lacks: a bank counts only with
    the same id and the same content hash, since another version may hold other questions."""
    have = {(bank.bank.id, bank.digest) for bank in found}
    return [
        str(bank.get("id", "?"))
        for bank in record.banks
        if (bank.get("id"), bank.get("hash")) not in have
    ]


def _newest(record: AttemptRecord) -> str:
    return record.started_at


def _points(value: float) -> str:
    return f"{round(value, 2):g}"
