"""A keyboard list of rows whose text wraps beside a fixed gutter (its key and mark).

`OptionList` wraps a long option back to the left edge, under its number; options and items in
a bank are often whole sentences, so every row here is a gutter and a label side by side, and a
wrapped label stays indented. The cursor (`highlighted`) moves with ↑/↓, home/end or a click;
subclasses decide what choosing a row means.

The cursor's row is kept in view by scrolling every container the list sits in (the list itself,
when it is taller than the screen, and the question's view) only as far as it must, so the top of
a question stays in sight for as long as the cursor's row fits below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class Row(Horizontal):
    """One row: a gutter and a label that wraps beside it."""

    def __init__(self, index: int, gutter: Content, label: Content) -> None:
        super().__init__(classes="row")
        self.index = index
        self._gutter = gutter
        self._label = label

    def compose(self) -> ComposeResult:
        yield Static(self._gutter, classes="gutter")
        yield Static(self._label, classes="label")

    def set_gutter(self, gutter: Content) -> None:
        self._gutter = gutter
        if self.is_mounted:
            self.query_one(".gutter", Static).update(gutter)

    def set_label(self, label: Content) -> None:
        self._label = label
        if self.is_mounted:
            self.query_one(".label", Static).update(label)


class RowList(VerticalScroll, can_focus=True):
    """Rows with a cursor; subclasses build rows with `make_rows` and react to `clicked`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)

    def make_rows(self) -> Sequence[Row]:
        """The rows to show; called on compose and on `rebuild`."""
        return []

    def compose(self) -> ComposeResult:
        yield from self.make_rows()

    async def rebuild(self) -> None:
        """Build the rows again (after the list of choices changed)."""
        await self.recompose()
        self._mark(self.highlighted)

    @property
    def rows(self) -> list[Row]:
        return list(self.query_children(Row))

    @property
    def count(self) -> int:
        return len(self.rows)

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self.rows:
            return None
        return min(max(value, 0), len(self.rows) - 1)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._mark(new)
        self.moved(old, new)

    def _mark(self, index: int | None) -> None:
        for row in self.rows:
            row.set_class(row.index == index, "-highlighted")
            if row.index == index:
                self._bring_into_view(row)

    def _bring_into_view(self, row: Row) -> None:
        """Scroll the list and the containers around it, each the least it takes, until `row`
        shows: the list's own scrolling alone left a row below the question's view hidden."""
        if self.is_attached:
            self.screen.scroll_to_widget(row, animate=False)

    def show_cursor(self) -> None:
        """Bring the cursor's row into view (the first row, with no cursor yet) once the list is
        laid out: what a list shows of itself when it takes the focus (see `screens.focus`)."""

        def show() -> None:
            rows = self.rows
            if rows and self.has_focus:  # the focus may have moved on within the refresh
                at = self.highlighted if self.highlighted is not None else 0
                self._bring_into_view(rows[at])

        self.call_after_refresh(show)

    def moved(self, old: int | None, new: int | None) -> None:
        """The cursor moved (a hook for single choices, where the cursor is the choice)."""

    def action_cursor(self, step: int) -> None:
        """↑/↓: the previous or next row; past the last (or first) row, the view around the
        list scrolls instead, so what is below it (a match's choices) is in reach of ↓."""
        if self.highlighted is None:
            self.highlighted = 0 if step > 0 else self.count - 1
        elif 0 <= self.highlighted + step < self.count:
            self.highlighted += step
        else:
            self._scroll_around(step)

    def _scroll_around(self, step: int) -> None:
        """Scroll the nearest scrolling container this list sits in, by a few lines."""
        for ancestor in self.ancestors:
            if isinstance(ancestor, VerticalScroll) and ancestor.max_scroll_y:
                ancestor.scroll_relative(y=4 * step, animate=False)
                return

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self.count - 1

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        while widget is not None and not isinstance(widget, Row):
            widget = widget.parent  # type: ignore[assignment]
        if isinstance(widget, Row) and not self.disabled:
            event.stop()
            if self.can_focus:
                self.focus()
            self.highlighted = widget.index
            self.clicked(widget.index)

    def clicked(self, index: int) -> None:
        """A row was clicked (after the cursor moved onto it)."""
