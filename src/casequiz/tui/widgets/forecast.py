"""The study forecast as a small column chart: questions due on each of the next 14 days.

Drawn as text with eighth blocks, a column per day, the count under each column (so the chart
reads without colour and in a screenshot alike) and the weekday under that. Today comes first
and includes the overdue; its weekday is in bold.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from casequiz.quiz.studystats import ForecastDay

BLOCKS = " ▁▂▃▄▅▆▇█"
COLUMN = 3
"""Characters per day: a bar two wide and a space."""


def column_chart(counts: Sequence[int], height: int = 4) -> list[str]:
    """Rows of the chart, top first: each count scaled to the busiest day, in eighths of a row.

    A day with anything due shows at least a sliver, so "one question" never looks like none.
    """
    top = max(counts, default=0)
    eighths = [max(1, round(n * height * 8 / top)) if top and n else 0 for n in counts]
    rows = []
    for level in range(height - 1, -1, -1):
        cells = []
        for amount in eighths:
            fill = min(max(amount - level * 8, 0), 8)
            cells.append(BLOCKS[fill] * (COLUMN - 1))
        rows.append(" ".join(cells))
    return rows


def _count(n: int) -> str:
    return f"{n:>{COLUMN - 1}}" if n < 10 ** (COLUMN - 1) else "+" * (COLUMN - 1)


class ForecastChart(Widget):
    """Questions due per day; `show(days)` replaces the figures."""

    def __init__(
        self, days: Sequence[ForecastDay] = (), *, height: int = 4, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.days = list(days)
        self.bar_height = height

    def show(self, days: Sequence[ForecastDay]) -> None:
        self.days = list(days)
        self.refresh(layout=True)

    def render(self) -> Content:
        if not self.days:
            return Content("Nothing scheduled yet: study a few questions first.")
        counts = [day.due for day in self.days]
        if not any(counts):
            return Content(f"Nothing due in the next {len(counts)} days.")
        lines = [Content.styled(row, "$accent") for row in column_chart(counts, self.bar_height)]
        lines.append(Content(" ".join(_count(n) for n in counts)))
        names = [
            Content.styled(day.day.strftime("%a")[: COLUMN - 1], "bold" if i == 0 else "")
            for i, day in enumerate(self.days)
        ]
        lines.append(Content(" ").join(names).stylize("$text-muted"))
        return Content("\n").join(lines)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        counts = [day.due for day in self.days]
        return self.bar_height + 2 if any(counts) else 1
