"""A file path shown so that it can be copied: broken between its folders, never inside a name.

A result file's path is often longer than a terminal of 80 columns. Folding it at the edge
splits the file's own name in two, which a student then has to piece together; breaking it
only after a separator keeps every folder and the file's name whole on its line.
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from casequiz.quiz.literal import literal


def path_lines(path: str, width: int) -> list[str]:
    """`path` in lines of at most `width` cells, each ending after a separator where it can;
    a single name wider than `width` is folded, as nothing else would show it whole."""
    parts: list[str] = []
    for piece in path.split(os.sep):
        parts.append(piece + os.sep)
    parts[-1] = parts[-1][: -len(os.sep)]
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and cell_len(line + part) > width:
            lines.append(line)
            line = ""
        while cell_len(part) > width > 0 and not line:
            cut = _fits(part, width)
            lines.append(part[:cut])
            part = part[cut:]
        line += part
    if line or not lines:
        lines.append(line)
    return lines


def _fits(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for count, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(count, 1)
    return len(text)


class PathText(Widget):
    """A path on lines of its own, literal (control characters shown as escapes)."""

    DEFAULT_CSS = """
    PathText {
        height: auto;
    }
    """

    def __init__(self, path: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = literal(path)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(self.path)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(path_lines(self.path, width))

    def render(self) -> Content:
        width = self.content_size.width or cell_len(self.path)
        return Content("\n".join(path_lines(self.path, width)))
