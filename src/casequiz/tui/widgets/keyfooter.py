"""The footer of every screen: Textual's, rebuilt only when the keys it shows have changed.

Textual's `Footer` rebuilds all its keys on every change of the screen's bindings, one rebuild
for each: focus moving, a screen resuming, `refresh_bindings`. A question screen sees six of
them before its first frame, and each rebuild restyles every key twice (its `compact` class is
bound, set and then cleared). This footer rebuilds once after a burst of such changes, and not
at all when the keys, their descriptions and whether they are enabled are what it already shows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """`Footer`, rebuilt once per burst of binding changes, and only when its keys differ."""

    _pending = False
    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def _keys(self) -> tuple[object, ...]:
        """What the footer's keys depend on: each shown binding and whether it is enabled."""
        shown = [
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]
        return (*shown, self.compact, self.show_command_palette)
