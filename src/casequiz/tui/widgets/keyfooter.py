"""The footer of every screen: the keys of the moment, drawn as Textual's `Footer` draws them.

Textual's `Footer` is a row of widgets, one per key, rebuilt (every key composed, mounted and
styled again) on each change of the screen's bindings; a question screen's first frame paid for
ten such widgets and a second pass of layout once they were built. This footer is one widget that
draws the same cells (`keycells`): the keys from the left, the palette key at the right edge
behind its thin bar, a key under the mouse highlighted. A click on a key presses it (a disabled
one rings the bell), the wheel scrolls keys that do not fit, and the palette key's tooltip shows.
It reads the keys again after a burst of binding changes (focus moving, a screen resuming,
`refresh_bindings`) and redraws only when they differ from what it shows.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from casequiz.tui.widgets.keycells import FOOTER_CSS, KeyCells, ShownKey


class KeyFooter(Widget):
    """The screen's shown bindings along the bottom, with the command palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = set(KeyCells.COMPONENTS)
    DEFAULT_CSS = FOOTER_CSS

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[ShownKey, ...] = ()
        """The keys drawn from the left, in the order of the screen's bindings."""
        self.palette: ShownKey | None = None
        """The command palette's key, drawn at the right edge (None when there is none)."""
        self._cells = KeyCells(self)
        self._hovered: ShownKey | None = None
        self._scroll_x = 0
        self._pending = False

    # -- which keys ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.read_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings changed: read them once the burst of changes is over (as
        Textual's footer, not while the app has lost the terminal's focus)."""
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_next(self.read_keys)

    def read_keys(self) -> None:
        """The keys to show, as Textual's footer picks them: each shown binding's action once,
        by its first key; the command palette's key apart. Redrawn only when they changed."""
        self._pending = False
        if not self.is_attached:
            return
        active = self.screen.active_bindings
        keys: dict[str, ShownKey] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = ShownKey.of(self.app, binding, enabled, tooltip)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, _ = found
                tooltip = binding.tooltip or binding.description
                palette = ShownKey.of(self.app, binding, enabled, tooltip)
        shown = tuple(keys.values())
        if (shown, palette) != (self.keys, self.palette):
            self.keys, self.palette = shown, palette
            self._scroll_x = min(self._scroll_x, self._max_scroll())
            self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cells.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        hovered = self._hovered
        palette = self._cells.palette(
            self.palette, hovered=hovered is not None and hovered == self.palette
        )
        left_width = max(0, width - self._cells.palette_width(self.palette))
        keys = Strip(
            [
                segment
                for key in self.keys
                for segment in self._cells.key(key, hovered=hovered == key)
            ]
        )
        keys = keys.crop(self._scroll_x, self._scroll_x + left_width)
        keys = keys.extend_cell_length(left_width, self._cells.blank())
        return Strip([*keys, *palette]).crop(0, width)

    # -- the mouse -------------------------------------------------------------------------

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column `x` of the footer, if any."""
        palette_width = self._cells.palette_width(self.palette)
        if self.palette is not None and x >= self.size.width - palette_width:
            return self.palette
        start = -self._scroll_x
        for key in self.keys:
            end = start + self._cells.key_width(key)
            if start <= x < end:
                return key
            start = end
        return None

    def _hover(self, key: ShownKey | None) -> None:
        if key == self._hovered:
            return
        self._hovered = key
        self.styles.pointer = "default" if key is None else "pointer"
        self.tooltip = (key.tooltip or None) if key is not None else None
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it, as on Textual's footer."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def _max_scroll(self) -> int:
        width = sum(self._cells.key_width(key) for key in self.keys)
        return max(0, width - (self.size.width - self._cells.palette_width(self.palette)))

    def _scroll(self, event: events.MouseScrollDown | events.MouseScrollUp, step: int) -> None:
        """The wheel moves keys that do not fit, by the app's horizontal scroll step."""
        target = min(max(self._scroll_x + step, 0), self._max_scroll())
        if target != self._scroll_x:
            self._scroll_x = target
            self.refresh()
            event.stop()
            event.prevent_default()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, int(self.app.scroll_sensitivity_x))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, -int(self.app.scroll_sensitivity_x))
