"""The cells of the footer's keys, styled exactly as Textual's `Footer` styles its `FooterKey`s.

Textual's footer draws each key as a widget of its own inside the footer: ` key ` in the key's
colours and `description ` in the description's, over the key's background (another one under
the mouse), dim when the binding is disabled; the command palette's key, docked at the right,
is compact (`^p palette`) with a thin bar (`▏`) on its left and a cell of padding on its right.
`KeyCells` computes the same colours from the same theme variables, layering the footer's own
styles, the key's and its parts' as Textual layers a widget's over its ancestors', so that one
widget draws what those widgets drew, cell for cell, in any theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import Binding
from textual.color import Color
from textual.style import Style

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.styles import StylesBase
    from textual.widget import Widget

ITEM = "key-footer--item"
HOVER = "key-footer--item-hover"
DISABLED = "key-footer--disabled"
KEY = "key-footer--key"
DESCRIPTION = "key-footer--description"
BAR = "key-footer--palette-bar"

FOOTER_CSS = f"""
KeyFooter {{
    dock: bottom;
    height: 1;
    color: $footer-foreground;
    background: $footer-background;
    & > .{ITEM} {{
        background: $footer-item-background;
    }}
    & > .{HOVER} {{
        color: $footer-key-foreground;
        background: $block-hover-background;
    }}
    & > .{DISABLED} {{
        text-style: dim;
    }}
    & > .{KEY} {{
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }}
    & > .{DESCRIPTION} {{
        color: $footer-description-foreground;
        background: $footer-description-background;
    }}
    & > .{BAR} {{
        color: $foreground 20%;
    }}
}}
"""
"""Textual's `Footer` and `FooterKey` rules, as component classes of the one footer widget."""


@dataclass(frozen=True)
class ShownKey:
    """One key as the footer shows it."""

    key: str
    """The key a click presses."""
    display: str
    description: str
    enabled: bool
    tooltip: str

    @classmethod
    def of(cls, app: App[object], binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
        return cls(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)


class KeyCells:
    """Segments for the keys of one footer widget, their styles computed once per restyle."""

    COMPONENTS = (ITEM, HOVER, DISABLED, KEY, DESCRIPTION, BAR)

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._styles: dict[tuple[str, ...], RichStyle] = {}
        self._palette: dict[tuple[ShownKey, bool], list[Segment]] = {}

    def clear(self) -> None:
        """Forget the computed styles (the theme or the footer's styles changed)."""
        self._styles.clear()
        self._palette.clear()

    @staticmethod
    def key_width(key: ShownKey) -> int:
        """` key ` and `description `."""
        return Segment(f" {key.display} {key.description} ").cell_length

    @staticmethod
    def palette_width(key: ShownKey | None) -> int:
        """`▏`, `key description` and a cell of padding."""
        return 0 if key is None else Segment(f"▏{key.display} {key.description} ").cell_length

    def key(self, key: ShownKey, *, hovered: bool) -> list[Segment]:
        item = self._item(key, hovered)
        return [
            Segment(f" {key.display} ", self._part(item, KEY)),
            Segment(f"{key.description} ", self._part(item, DESCRIPTION)),
        ]

    def palette(self, key: ShownKey | None, *, hovered: bool) -> list[Segment]:
        """`▏^p palette `: the bar in its colour over the key's background, then the key."""
        if key is None:
            return []
        cached = self._palette.get((key, hovered))
        if cached is None:
            item = self._item(key, hovered)
            base, background = self._backgrounds(item)
            inner = base + background
            bar = Style(background=inner, foreground=base + self._color(BAR)).rich_style
            cached = self._palette[key, hovered] = [
                Segment("▏", bar),
                Segment(key.display, self._part(item, KEY)),
                Segment(f" {key.description}", self._part(item, DESCRIPTION)),
                Segment(" ", Style(background=inner).rich_style),
            ]
        return cached

    def blank(self) -> RichStyle:
        """The footer's background where no key is drawn (a container's empty cells)."""
        base, background = self.widget.background_colors
        return Style(background=base + background).rich_style

    def _backgrounds(self, item: tuple[str, ...]) -> tuple[Color, Color]:
        """`DOMNode.background_colors` of a key drawn as `item` inside the footer: the
        footer's background, and the key's own over it."""
        widget = self.widget
        _, base = widget.background_colors
        opacity = 1.0
        for node in widget.ancestors_with_self:
            opacity *= node.styles.opacity
        background = base
        for name in item:
            styles = widget.get_component_styles(name)
            background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
        return base, background

    @staticmethod
    def _item(key: ShownKey, hovered: bool) -> tuple[str, ...]:
        item = HOVER if hovered else ITEM
        return (item,) if key.enabled else (item, DISABLED)

    def _part(self, item: tuple[str, ...], part: str) -> RichStyle:
        """A part of a key (its key or description) as `FooterKey` draws it: the part's style
        over the key's own, as text styled inside a widget is."""
        return self._style(*item) + self._style(*item, part)

    def _layers(self, components: tuple[str, ...]) -> list[StylesBase]:
        """The footer's ancestors' styles, its own, then those of `components` (innermost last)."""
        widget = self.widget
        return [
            *(node.styles for node in reversed(widget.ancestors_with_self)),
            *(widget.get_component_styles(name) for name in components),
        ]

    def _style(self, *components: str) -> RichStyle:
        """The Rich style of a node nested as `components` inside the footer: `DOMNode.rich_style`
        with the components as the innermost nodes."""
        found = self._styles.get(components)
        if found is not None:
            return found
        background = Color(0, 0, 0, 0)
        color = Color(255, 255, 255, 0)
        style = RichStyle()
        opacity = 1.0
        for styles in self._layers(components):
            has_rule = styles.has_rule
            opacity *= styles.opacity
            if has_rule("background"):
                text_background = background + styles.background.tint(styles.background_tint)
                background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
            else:
                text_background = background
            if has_rule("color"):
                color = styles.color
            style += styles.text_style
            if has_rule("auto_color") and styles.auto_color:
                color = text_background.get_contrast_text(color.a)
        style += RichStyle.from_color(
            (background + color).rich_color if (background.a or color.a) else None,
            background.rich_color if background.a else None,
        )
        self._styles[components] = style
        return style

    def _color(self, component: str) -> Color:
        return self.widget.get_component_styles(component).color
