"""`casequiz study --stats` as text: cards by state, retention and a 14-day forecast per bank.

Bars are `#` characters, as in the plain results, so the output reads the same in any terminal,
a pipe or a screen reader (which reads the number before the bar).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from casequiz.plain.render import Painter
from casequiz.quiz.literal import literal
from casequiz.quiz.studystats import STATES, BankStudyStats, ForecastDay

BAR_WIDTH = 40


def forecast_bars(days: Sequence[ForecastDay], width: int = BAR_WIDTH) -> Iterator[str]:
    """One line per day: the date, the count, and a bar scaled to the busiest day."""
    top = max((d.due for d in days), default=0)
    for index, day in enumerate(days):
        label = "today" if index == 0 else ""
        bar = "#" * (round(day.due * width / top) if top else 0)
        if day.due and not bar:
            bar = "#"
        yield f"{day.day:%a %d %b}  {label:<5} {day.due:>4}  {bar}".rstrip()


def stats_lines(
    student: str, stats: Sequence[BankStudyStats], now: datetime, paint: Painter
) -> Iterator[str]:
    yield paint("bold", f"Study statistics for {literal(student)}") + f" · {now:%Y-%m-%d %H:%M}"
    if not stats:
        yield "No banks."
    for bank in stats:
        yield ""
        yield paint("bold", literal(bank.title)) + f" ({bank.bank_id})"
        states = " · ".join(f"{bank.states.get(s, 0)} {s}" for s in STATES)
        yield f"  Cards: {states}"
        yield f"  Due now: {bank.due_now}"
        if bank.retention is None:
            yield "  Retention, last 30 days: no reviews yet"
        else:
            yield (
                f"  Retention, last 30 days: {bank.retention:.0%} "
                f"({bank.recalled} of {bank.reviews} reviews not rated Again)"
            )
        yield f"  Forecast, next {len(bank.forecast)} days (questions due):"
        for line in forecast_bars(bank.forecast):
            yield "    " + line
