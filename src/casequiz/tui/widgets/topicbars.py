"""A bar per topic: how much of each topic's points the student earned.

Drawn as text rather than with progress-bar widgets so the bars line up in a table, fit any
width, and read the same in a screenshot as on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from casequiz.quiz.attempt import TopicScore
from casequiz.tui.text import plain, points

MIN_BAR = 10
"""The shortest bar worth drawing; a name that leaves less room goes on a line of its own."""


class TopicBars(Widget):
    """One line per topic: name, bar, points and percent."""

    def __init__(self, topics: Sequence[TopicScore], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topics = list(topics)

    def render(self) -> Content:
        figures = [f"{points(t.score)}/{points(t.max)} {t.percent:3.0f}%" for t in self.topics]
        wide = max((len(text) for text in figures), default=0)
        width = self.size.width or 78
        names = [plain(t.topic) for t in self.topics]
        longest = max((name.cell_length for name in names), default=0)
        column = min(longest, max(0, width - wide - MIN_BAR - 2))
        room = max(4, width - column - wide - 2)
        lines: list[Content] = []
        for topic, name, text in zip(self.topics, names, figures, strict=True):
            full = round(room * topic.score / topic.max) if topic.max else 0
            bar = Content.assemble(
                ("█" * full, _colour(topic.percent)), ("░" * (room - full), "$foreground 30%")
            )
            if name.cell_length > column:  # never cut a name: it gets a line of its own
                lines.append(name)
                name = Content("")
            lines.append(Content.assemble(name.pad_right(column - name.cell_length), " ", bar))
            lines[-1] = Content.assemble(lines[-1], " ", text.rjust(wide))
        return Content("\n").join(lines)


def _colour(percent: float) -> str:
    """Green from three quarters, amber from half, red below."""
    if percent >= 75:
        return "$success"
    return "$warning" if percent >= 50 else "$error"
