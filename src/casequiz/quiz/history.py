"""A student's past attempts: one line each, and any of them opened again for its review.

The TUI's History screen and `casequiz history` read the same rows, so the two agree on what
an attempt is called (its banks, mode, date, score) and on how it is reopened: from the banks
it was taken on, found where they were, with every answer and verdict as committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casequiz.bank.diagnostics import BankError
from casequiz.bank.load import load_banks
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
    record: AttemptRecord, *, log: AttemptLog | None = None, sources_dir: Path | None = None
) -> Attempt:
    """The attempt again, for its review (or a retry of its wrong answers, logged in `log`)."""
    try:
        banks = load_banks([Path(bank["path"]) for bank in record.banks], sources_dir=sources_dir)
        return Attempt.resume(record, banks, log=log)
    except BankError as error:
        first = error.diagnostics[0] if error.diagnostics else None
        raise CannotReopen(first.message if first else "its banks do not load") from None
    except (SelectionError, KeyError) as error:
        raise CannotReopen(str(error)) from None


def _newest(record: AttemptRecord) -> str:
    return record.started_at


def _points(value: float) -> str:
    return f"{round(value, 2):g}"
