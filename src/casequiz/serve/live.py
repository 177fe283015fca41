"""The teacher's view in the serving terminal: who is connected, at which question, who is done.

Where each student is comes from the store, the one record every app process writes before it
changes the screen; who is connected comes from the server. The table is redrawn every second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from casequiz.serve.roster import Codes
from casequiz.serve.sitting import Settings


@dataclass
class Row:
    name: str
    id: str
    state: str
    question: str
    answered: str
    score: str


def _points(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def rows(store: Any, settings: Settings, codes: Codes, connected: set[str]) -> list[Row]:
    """One row per roster student, in roster order."""
    latest: dict[str, Any] = {}
    for record in store.attempts(finished=None):
        if record.origin == settings.origin:
            latest[record.student] = record
    table = []
    for seat in codes.seats:
        name = seat.student.name
        record = latest.get(name)
        if record is None:
            state, question, answered, score = (
                "connected" if name in connected else "not started",
                "",
                "",
                "",
            )
        else:
            total = len(record.plan)
            answered = f"{len(record.answers)}/{total}"
            if record.finished:
                state = "finished"
                question = ""
                score = f"{_points(record.score)}/{_points(record.max_score)}"
            else:
                state = "connected" if name in connected else "away"
                question = f"{record.position + 1} of {total}"
                score = ""
        table.append(Row(name, seat.student.id, state, question, answered, score))
    return table


STYLES = {"connected": "green", "away": "yellow", "finished": "bold cyan", "not started": "dim"}


def render(title: str, table_rows: list[Row], address: str, started: float) -> RenderableType:
    table = Table(title=Text(title), title_justify="left", expand=False)
    for column in ("student", "id", "state", "question", "answered", "score"):
        table.add_column(column)
    for row in table_rows:
        table.add_row(
            Text(row.name),
            Text(row.id),
            Text(row.state, style=STYLES.get(row.state, "")),
            row.question,
            row.answered,
            row.score,
        )
    counts = {state: sum(r.state == state for r in table_rows) for state in STYLES}
    minutes = int((time.monotonic() - started) // 60)
    summary = Text(
        f"{counts['connected']} connected, {counts['away']} away, {counts['finished']} finished "
        f"of {len(table_rows)} · {address} · {minutes} min · Ctrl+C stops the server",
        style="dim",
    )
    return Group(table, summary)
