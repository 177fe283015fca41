"""Closing exams whose time ran out while the student was away.

A student whose browser closed mid-exam may never come back; their attempt would stay open for
ever, and `export` and `stats` count only finished attempts. As Moodle submits overdue attempts
on its own, the server finishes each of this sitting's attempts whose time limit has passed and
whose student is not connected: unanswered questions score zero and the finish time is the
deadline, exactly what the student's own screen would have recorded at the last second.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from casequiz.bank.load import LoadedBank
from casequiz.quiz.attempt import Attempt, Clock, utc_now
from casequiz.serve.sitting import Settings, marked_store

log = logging.getLogger("casequiz.serve")

SWEEP_EVERY_S = 10.0
"""How often the server looks for overdue attempts: a grader sees a closed exam within this."""


def close_overdue(
    store: Any,
    settings: Settings,
    banks: Sequence[LoadedBank],
    connected: Collection[str],
    clock: Clock = utc_now,
) -> list[str]:
    """Finish this sitting's open attempts past their deadline whose student is away; the
    names of the students whose attempts were closed."""
    now = clock()
    closed: list[str] = []
    for record in list(store.attempts(finished=False)):
        if record.origin != settings.origin or record.student in connected:
            continue
        if not _past_deadline(record.started_at, record.time_limit, now):
            continue
        try:
            attempt = Attempt.resume(record, banks, log=marked_store(store, settings), clock=clock)
        except (KeyError, ValueError) as exc:  # a plan the banks no longer hold
            log.warning("cannot close attempt %s of %s: %s", record.id, record.student, exc)
            continue
        if attempt.expired:
            attempt.finish()
            closed.append(record.student)
    return closed


def _past_deadline(started_at: str, time_limit: float | None, now: datetime) -> bool:
    if time_limit is None:
        return False
    try:
        return datetime.fromisoformat(started_at) + timedelta(seconds=time_limit) <= now
    except (OverflowError, ValueError):  # no deadline anyone could reach
        return False
