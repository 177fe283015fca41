"""What a student's study schedule looks like: counts per bank, retention and the forecast.

Pure functions over the banks as loaded and the card and review records, so `study --stats`,
the TUI's study panel and the tests all compute the same figures. A card whose question left
its bank (retired) is counted as retired and nowhere else, whether or not a session has marked
it yet, so reading the figures writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from casequiz.studyrecords import CardRecord, ReviewRecord

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank

STATES = ("new", "learning", "review", "relearning", "retired")
FORECAST_DAYS = 14
RETENTION_DAYS = 30
AGAIN = 1


@dataclass(frozen=True, slots=True)
class BankCounts:
    """A bank at a glance, for a study menu: due now, never seen, learned (in review)."""

    bank_id: str
    title: str
    due: int
    new: int
    learned: int


@dataclass(frozen=True, slots=True)
class ForecastDay:
    day: date
    due: int


@dataclass(frozen=True, slots=True)
class BankStudyStats:
    """One bank's study figures for one student."""

    bank_id: str
    title: str
    questions: int
    due_now: int
    states: dict[str, int]
    reviews: int
    """Reviews in the retention window."""
    recalled: int
    """Of those, the ones not rated Again."""
    forecast: list[ForecastDay] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.bank_id,
            "title": self.title,
            "questions": self.questions,
            "due_now": self.due_now,
            "cards": dict(self.states),
            "retention": {
                "days": RETENTION_DAYS,
                "reviews": self.reviews,
                "recalled": self.recalled,
                "rate": self.retention,
            },
            "forecast": [{"date": d.day.isoformat(), "due": d.due} for d in self.forecast],
        }


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _active(bank: LoadedBank, cards: Iterable[CardRecord]) -> dict[str, CardRecord]:
    ids = {q.id for q in bank.bank.questions}
    return {
        c.question_id: c
        for c in cards
        if c.bank_id == bank.bank.id and c.question_id in ids and not c.retired
    }


def bank_counts(
    banks: Sequence[LoadedBank], cards: Sequence[CardRecord], now: datetime
) -> list[BankCounts]:
    """Due now, new and learned for each bank, in the order the banks were loaded."""
    counts = []
    for bank in banks:
        active = _active(bank, cards)
        counts.append(
            BankCounts(
                bank.bank.id,
                bank.bank.title,
                due=sum(1 for c in active.values() if _when(c.due) <= now),
                new=len(bank.bank.questions) - len(active),
                learned=sum(1 for c in active.values() if c.state == "review"),
            )
        )
    return counts


def forecast(
    cards: Iterable[CardRecord],
    now: datetime,
    days: int = FORECAST_DAYS,
    tz: tzinfo | None = None,
) -> list[ForecastDay]:
    """Cards due on each of the next `days` days, today first; today includes the overdue.

    Days are calendar days in `tz` (the local time zone when None), as a student counts them.
    """
    today = now.astimezone(tz).date()
    counts = [0] * days
    for card in cards:
        if card.retired:
            continue
        offset = max((_when(card.due).astimezone(tz).date() - today).days, 0)
        if offset < days:
            counts[offset] += 1
    return [ForecastDay(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def study_stats(
    banks: Sequence[LoadedBank],
    cards: Sequence[CardRecord],
    reviews: Iterable[ReviewRecord],
    now: datetime,
    *,
    days: int = FORECAST_DAYS,
    window: int = RETENTION_DAYS,
    tz: tzinfo | None = None,
) -> list[BankStudyStats]:
    """Cards by state, retention over the last `window` days and the forecast, per bank."""
    since = now - timedelta(days=window)
    recent = [r for r in reviews if since <= _when(r.reviewed_at) <= now]
    stats = []
    for bank in banks:
        active = _active(bank, cards)
        states = dict.fromkeys(STATES, 0)
        states["new"] = len(bank.bank.questions) - len(active)
        for card in active.values():
            states[card.state] = states.get(card.state, 0) + 1
        states["retired"] = sum(
            1 for c in cards if c.bank_id == bank.bank.id and c.question_id not in active
        )
        mine = [r for r in recent if r.bank_id == bank.bank.id and r.question_id in active]
        stats.append(
            BankStudyStats(
                bank.bank.id,
                bank.bank.title,
                len(bank.bank.questions),
                due_now=sum(1 for c in active.values() if _when(c.due) <= now),
                states=states,
                reviews=len(mine),
                recalled=sum(1 for r in mine if r.rating != AGAIN),
                forecast=forecast(active.values(), now, days, tz),
            )
        )
    return stats


def describe_wait(due: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """When a question comes back, as a student says it: "in 10 minutes (14:32)",
    "in 3 days (Fri 12 Jan)"."""
    seconds = (due - now).total_seconds()
    local = due.astimezone(tz)
    if seconds < 60:
        return "now" if seconds <= 0 else "in under a minute"
    if seconds < 3600:
        span = _count(round(seconds / 60), "minute")
    elif seconds < 86400:
        span = _count(round(seconds / 3600), "hour")
    else:
        span = _count(round(seconds / 86400), "day")
    same_day = local.date() == now.astimezone(tz).date()
    return f"in {span} ({local:%H:%M})" if same_day else f"in {span} ({local:%a %d %b})"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
