"""A cloze from the keyboard: the passage with numbered gaps, and one field per blank below it.

Textual has no inline text fields, so the passage is shown whole, each blank a numbered
marker `[2:______]` that fills in as the student types, and the blanks are listed after it in
the order of the text, each with the words just before it so that it can be answered even when
the passage has scrolled away: a box for a short or numeric answer (its unit beside it), a
dropdown for a choice. Tab and shift+tab move between them; Enter goes on to the next blank and
submits on the last. In a wide terminal the list stands beside the passage.

The blank being answered is marked twice, its marker in the passage and its number in the list,
both from the one blank that holds the focus (`current_blank`), however the focus got there.

The response is the mapping blank name → text the engine scores, with empty blanks left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, ScrollableContainer, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from casequiz.bank.cloze import Gap, blanks_in_order, read_passage
from casequiz.quiz.literal import literal
from casequiz.quiz.numbers import NumberError, read_number
from casequiz.quiz.responses import Response
from casequiz.tui.text import plain
from casequiz.tui.widgets.answer import NoResponse
from casequiz.tui.widgets.textanswer import AnswerInput

if TYPE_CHECKING:
    from casequiz.bank.model import AnyBlank, ClozeQuestion

WIDE = 100
"""From this many columns, the blanks stand beside the passage instead of below it."""

CONTEXT = 22
"""At most this many characters of the passage before a blank label its row."""

EMPTY = "______"


def context_before(pieces: tuple[str | Gap, ...], index: int, numbers: dict[str, int]) -> str:
    """The last few words before piece `index`, `…withdrew a`, to label a blank's row (an
    earlier blank among them shows as its marker, `[2]`)."""
    before = ""
    for piece in reversed(pieces[:index]):
        if isinstance(piece, Gap):
            piece = f"[{numbers[piece.name]}]" if piece.name in numbers else "{{…}}"
        before = piece + before
        if len(before) > CONTEXT:
            break
    words = " ".join(before.split())
    if len(words) <= CONTEXT:
        return words
    cut = words[-CONTEXT:]
    cut = cut.split(" ", 1)[1] if " " in cut[1:] else cut
    return "…" + cut


def line_of(passage: Content, width: int, offset: int) -> int | None:
    """The line of `passage`, wrapped at `width`, that holds the character at `offset`.

    Every wrapped line is a piece of the text (wrapping only drops the spaces where it breaks),
    so each is found after the one before it.
    """
    if width <= 0 or not 0 <= offset < len(passage.plain):
        return None
    text, at, line = passage.plain, 0, None
    for number, wrapped in enumerate(passage.wrap(width)):
        start = text.find(wrapped.plain, at) if wrapped.plain else at
        if start < 0 or start > offset:
            break
        line, at = number, start + len(wrapped.plain)
    return line


class BlankField:
    """What the box and the dropdown share: Enter goes to the next blank, or submits on the last.

    Two bindings of Enter, one of them enabled, so that the footer says which it does here.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_blank", "Next"),
        Binding("enter", "enter", "Submit"),
    ]

    blank: str

    def _is_last(self) -> bool:
        owner = next((a for a in self.ancestors if isinstance(a, ClozeAnswer)), None)  # type: ignore[attr-defined]
        return owner is None or owner.is_last(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_blank":
            return not self._is_last()
        if action == "enter":
            return self._is_last()
        return True

    def action_next_blank(self) -> None:
        self.post_message(ClozeAnswer.Advance(self))  # type: ignore[arg-type,attr-defined]


class BlankInput(BlankField, AnswerInput):
    """The box of a short or numeric blank; Enter on the last blank submits as in any box."""

    BINDINGS: ClassVar[list[BindingType]] = BlankField.BINDINGS

    def __init__(self, name: str, *, numeric: bool) -> None:
        hint = "a number" if numeric else "the missing words"
        super().__init__(placeholder=hint, compact=True, classes="blank-field")
        self.blank = name

    async def action_enter(self) -> None:
        await self.action_submit()


class BlankSelect(BlankField, Select[str]):
    """The dropdown of a choice blank.

    Enter on a chosen value goes on (to the next blank, or submits on the last), as Enter does
    in a box; with nothing chosen yet, and with space, ↑ or ↓, it opens the list. Typing a
    letter opens the list at the first choice that contains it, so a letter never falls
    through to the screen's one-letter commands.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *BlankField.BINDINGS,
        Binding("space,down,up", "show_overlay", "Open the list", show=False),
    ]

    def __init__(self, name: str, choices: list[str]) -> None:
        # rich `Text` is literal, never markup, and lets the dropdown's type-to-search read it.
        options = [(Text(literal(choice)), choice) for choice in choices]
        super().__init__(options, prompt="choose…", compact=True, classes="blank-field")
        self.blank = name

    async def action_next_blank(self) -> None:
        if self.is_blank():
            self.action_show_overlay()
        else:
            super().action_next_blank()

    async def action_enter(self) -> None:
        if self.is_blank():
            self.action_show_overlay()
        else:
            await self.screen.run_action("submit")

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and character != " "

    async def _on_key(self, event: events.Key) -> None:
        if self.expanded or not self.check_consume_key(event.key, event.character):
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self.action_show_overlay()
        overlay = self.query_one("SelectOverlay")
        await overlay._on_key(event)  # type: ignore[attr-defined]


class ClozeAnswer(Container):
    """The passage with its markers, and the list of blanks to fill."""

    # Here rather than in a screen's stylesheet: practice, exam and study all show it.
    DEFAULT_CSS = """
    ClozeAnswer {
        height: auto;
        layout: vertical;
    }

    ClozeAnswer #passage {
        height: auto;
        margin-bottom: 1;
    }

    ClozeAnswer #blanks {
        height: auto;
    }

    ClozeAnswer.-wide {
        layout: horizontal;
    }

    ClozeAnswer.-wide #passage {
        width: 1fr;
        margin: 0 2 0 0;
    }

    ClozeAnswer.-wide #blanks {
        width: 56;
    }

    ClozeAnswer .blank {
        height: auto;
    }

    ClozeAnswer .blank .number {
        width: 3;
    }

    ClozeAnswer .blank .context {
        width: 24;
        color: $text-muted;
        text-align: right;
        padding-right: 1;
    }

    ClozeAnswer .blank.-current .number {
        color: $text-accent;
    }

    ClozeAnswer .blank-field {
        width: 1fr;
    }

    ClozeAnswer .blank .unit {
        width: auto;
        padding-left: 1;
        text-style: bold;
    }
    """

    class Advance(Message):
        """Enter on a dropdown with a choice made."""

        def __init__(self, field: Widget) -> None:
            super().__init__()
            self.field = field

    def __init__(self, question: ClozeQuestion, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.pieces = read_passage(question.text).pieces
        self.blanks: list[tuple[str, AnyBlank]] = blanks_in_order(question)
        self.numbers = {name: n for n, (name, _) in enumerate(self.blanks, 1)}
        self._warned: dict[str, str] | None = None
        """The values when the student was told some blanks are empty: Enter again submits."""

    def compose(self) -> ComposeResult:
        yield Static(self._passage(), id="passage")
        with Vertical(id="blanks"):
            first = {
                piece.name: i
                for i, piece in reversed(list(enumerate(self.pieces)))
                if isinstance(piece, Gap)
            }
            for name, blank in self.blanks:
                with Horizontal(classes="blank"):
                    yield Static(
                        Content.styled(f"{self.numbers[name]:>2}", "bold"), classes="number"
                    )
                    yield Static(
                        plain(context_before(self.pieces, first[name], self.numbers)),
                        classes="context",
                    )
                    if blank.type == "choice":
                        yield BlankSelect(name, list(blank.choices))
                    else:
                        yield BlankInput(name, numeric=blank.type == "numeric")
                        if blank.type == "numeric" and blank.unit:
                            yield Static(plain(blank.unit), classes="unit")

    def on_mount(self) -> None:
        for box in self.query(BlankInput):
            box.cursor_blink = getattr(self.app, "cursor_blink", True)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    # -- the passage -----------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What is in each field now (empty ones included, as "")."""
        out: dict[str, str] = {}
        for field in self.fields:
            if isinstance(field, BlankSelect):
                out[field.blank] = "" if field.is_blank() else str(field.value)
            elif isinstance(field, BlankInput):
                out[field.blank] = field.value
        return out

    @property
    def fields(self) -> list[BlankInput | BlankSelect]:
        return [f for f in self.query(".blank-field") if isinstance(f, BlankInput | BlankSelect)]

    def current_blank(self) -> BlankInput | BlankSelect | None:
        """The field that holds the focus, or that holds what does: a dropdown's open list is a
        widget of its own inside the dropdown, and its blank is still the one being answered."""
        focused = self.screen.focused if self.is_mounted else None
        for node in focused.ancestors_with_self if focused is not None else ():
            if node is self:
                break
            if isinstance(node, BlankInput | BlankSelect):
                return node
        return None

    def _passage(self) -> Content:
        """The passage, each blank a marker with its number and what has been put in it."""
        given = self.values() if self.is_mounted else {}
        current = self.current_blank()
        focused = current.blank if current is not None else None
        parts: list[Content] = []
        self._offsets: dict[str, int] = {}
        """Where each marker starts in the passage's text, to scroll it into view."""
        length = 0
        for piece in self.pieces:
            if isinstance(piece, str):
                parts.append(plain(piece))
            elif (number := self.numbers.get(piece.name)) is None:
                # A blank the bank does not define: validation reports it.
                parts.append(plain(f"{{{{{piece.name}}}}}"))
            else:
                text = " ".join(given.get(piece.name, "").split()) or EMPTY
                style = "bold reverse" if piece.name == focused else "bold underline"
                self._offsets[piece.name] = length
                # No space after the number: a line never breaks between it and the answer.
                parts.append(
                    Content.assemble((f"[{number}:", style), plain(text, style), ("]", style))
                )
            length += len(parts[-1].plain)
        return Content("").join(parts)

    def _redraw(self) -> None:
        self._warned = None
        self.query_one("#passage", Static).update(self._passage())

    def on_input_changed(self, event: Input.Changed) -> None:
        self._redraw()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._redraw()

    def _follow_focus(self) -> None:
        """Mark the blank that has the focus now, in the passage and in the list.

        The list's number is marked by a class on its row, not by `:focus-within`: Textual
        restyles, on a change of focus, only the widgets inside an ancestor of the focused (or
        blurred) widget that a `:focus-within` rule matches itself, and such a rule on the row
        styles its number, a sibling of the field, so the number that lit first stayed lit.
        """
        current = self.current_blank()
        for row in self.query(".blank"):
            row.set_class(current is not None and current.parent is row, "-current")
        self.query_one("#passage", Static).update(self._passage())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._follow_focus()
        field = event.widget
        if isinstance(field, BlankInput | BlankSelect):
            self.call_after_refresh(self._show_marker, field)

    def _show_marker(self, field: BlankInput | BlankSelect) -> None:
        """Scroll the question so that the blank's marker in the passage shows with its field,
        when both fit: the words around the blank are what it is answered from."""
        body = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        row = field.parent
        if body is None or not isinstance(row, Widget) or not field.is_mounted:
            return
        passage = self.query_one("#passage", Static)
        content = self._passage()
        line = line_of(content, passage.content_region.width, self._offsets[field.blank])
        if line is None:
            return
        marker_y = passage.content_region.y + line
        top, bottom = min(marker_y, row.region.y), max(marker_y + 1, row.region.bottom)
        view = body.scrollable_content_region
        if bottom - top > view.height or (top >= view.y and bottom <= view.bottom):
            return
        offset = top - view.y if top < view.y else bottom - view.bottom
        body.scroll_to(y=body.scroll_y + offset, animate=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The focus left a field: to another (whose focus event marks it too) or out of the
        blanks (Escape), when no blank is marked."""
        self.call_after_refresh(self._follow_focus)

    # -- moving and submitting -------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box: on to the next blank; on the last, the screen submits."""
        if self._next(event.input):
            event.stop()

    def on_cloze_answer_advance(self, message: Advance) -> None:
        message.stop()
        self._next(message.field)

    def is_last(self, field: object) -> bool:
        fields = self.fields
        return not fields or field is fields[-1]

    def _next(self, field: Widget) -> bool:
        """Focus the blank after `field`; False when it is the last."""
        fields = self.fields
        if field not in fields or field is fields[-1]:
            return False
        fields[fields.index(field) + 1].focus()
        return True

    # -- the answer widget interface -------------------------------------------------------

    def response(self) -> Response:
        values = self.values()
        filled = {name: text for name, text in values.items() if text.strip()}
        if not filled:
            raise NoResponse("fill in the blanks (tab moves between them), then press Enter")
        for name, blank in self.blanks:
            if blank.type == "numeric" and name in filled:
                try:
                    read_number(filled[name], blank.unit)
                except NumberError as error:
                    self._focus(name)
                    raise NoResponse(
                        f"blank {self.numbers[name]}: {error}; type a number, such as 12.5"
                    ) from None
        empty = [self.numbers[name] for name in values if name not in filled]
        if empty and self._warned != values:
            self._warned = values
            which = ", ".join(str(n) for n in empty)
            blank = "blank" if len(empty) == 1 else "blanks"
            raise NoResponse(
                f"{blank} {which} empty: fill in, or press Enter again to submit as it is"
            )
        return filled

    def restore(self, response: Response) -> None:
        if not isinstance(response, dict):
            return
        for field in self.fields:
            given = response.get(field.blank)
            if not isinstance(given, str):
                continue
            if isinstance(field, BlankSelect):
                blank = self.question.blanks[field.blank]
                if blank.type == "choice" and given in blank.choices:
                    field.value = given
            else:
                field.value = given
        self._redraw()

    def freeze(self) -> None:
        self.disabled = True

    def _focus(self, name: str) -> None:
        for field in self.fields:
            if field.blank == name:
                field.focus()

    def focus(self, scroll_visible: bool = True) -> ClozeAnswer:
        """The first empty blank (the first blank, when all are filled)."""
        values = self.values()
        fields = self.fields
        target = next((f for f in fields if not values.get(f.blank, "").strip()), None)
        if target is not None or fields:
            (target or fields[0]).focus(scroll_visible)
        return self
