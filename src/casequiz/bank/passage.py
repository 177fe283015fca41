"""A cloze passage read into its pieces: the words, and the `{{name}}` blanks between them.

Every layer that shows or checks a cloze reads its text through here, so a blank is found the
same way by the validator, the scorer, plain mode, the TUI and the exports. `\\{{` writes two
literal braces; any other `{{` must open a blank.

Nothing here needs the model: a question or blank is read by its fields (`text`, `blanks`,
`type`, `answer`, `accept`), so the validator's fast path checks a passage it has not built as
the model, the same way as one it has.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Callable, Mapping
from functools import lru_cache

from casequiz.bank.excerpts import SourceText, normalize
from casequiz.bank.names import BLANK_NAME

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import

if TYPE_CHECKING:
    from casequiz.bank.model import AnyBlank, ClozeQuestion

_TOKEN = re.compile(r"\\\{\{|\{\{([^{}\n]{0,100}?)\}\}|\{\{")
_NAME = re.compile(BLANK_NAME)

GAP = "_____"
"""How an unanswered blank is shown in a passage."""


class Gap(namedtuple("Gap", ("name", "offset", "occurrence"))):
    """One `{{name}}` in the text, and where it starts (an offset into the text).

    The pieces of a passage are named tuples, not dataclasses: `validate` need not import
    `dataclasses`, which costs as much as its own work on a small bank.
    """

    __slots__ = ()

    name: str
    offset: int
    occurrence: int
    """How many `{{` come before it in the text: the validator finds it again in the YAML."""


class Flaw(namedtuple("Flaw", ("offset", "occurrence", "message"))):
    """A `{{` that opens no blank, with the offset and occurrence of that `{{`."""

    __slots__ = ()

    offset: int
    occurrence: int
    message: str


class Passage(namedtuple("Passage", ("pieces", "flaws"))):
    """A cloze text's literal pieces and blanks in order, and the `{{` that open no blank."""

    __slots__ = ()
    pieces: tuple[str | Gap, ...]
    flaws: tuple[Flaw, ...]

    @property
    def gaps(self) -> list[Gap]:
        return [piece for piece in self.pieces if isinstance(piece, Gap)]


@lru_cache(maxsize=4096)
def read_passage(text: str) -> Passage:
    """The pieces of a cloze text: literal text (escapes undone) and its blanks, in order."""
    pieces: list[str | Gap] = []
    flaws: list[Flaw] = []
    literal: list[str] = []
    at = 0
    opened = 0
    for token in _TOKEN.finditer(text):
        literal.append(text[at : token.start()])
        at = token.end()
        if token.group(0) == "\\{{":
            literal.append("{{")
            continue
        occurrence = opened
        opened += 1
        inner = token.group(1)
        if inner is None:
            flaws.append(
                Flaw(
                    token.start(),
                    occurrence,
                    "'{{' opens no blank (a blank is written {{name}}): write '\\{{' for "
                    "two literal braces",
                )
            )
            literal.append(token.group(0))
            continue
        name = inner.strip()
        if not _NAME.match(name):
            flaws.append(
                Flaw(
                    token.start(),
                    occurrence,
                    f"the blank {{{{{inner}}}}} needs a name: a lowercase slug such as "
                    "'eba-share' or a number such as 1",
                )
            )
            literal.append(token.group(0))
            continue
        pieces.append("".join(literal))
        literal = []
        pieces.append(Gap(name, token.start(), occurrence))
    literal.append(text[at:])
    pieces.append("".join(literal))
    return Passage(tuple(p for p in pieces if p != ""), tuple(flaws))


def blank_names(question: ClozeQuestion) -> list[str]:
    """The question's blanks in the order the text shows them (each once)."""
    named = [gap.name for gap in read_passage(question.text).gaps if gap.name in question.blanks]
    return list(dict.fromkeys(named))


def blanks_in_order(question: ClozeQuestion) -> list[tuple[str, AnyBlank]]:
    """Each blank with its name, in the order of the text."""
    return [(name, question.blanks[name]) for name in blank_names(question)]


def number_text(value: float) -> str:
    """A figure as a person writes it in a passage: `45`, `5.8`, never `45.0`."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def answer_text(blank: AnyBlank) -> str:
    """A blank's expected answer as it would stand in the passage."""
    if blank.type == "numeric":
        return number_text(blank.answer)
    return blank.answer


def fill(
    question: ClozeQuestion,
    values: Mapping[str, str] | Callable[[str], str | None],
    gap: str = GAP,
) -> str:
    """The passage with each blank replaced by its value (`gap` where there is none)."""
    get = values.get if isinstance(values, Mapping) else values
    out: list[str] = []
    for piece in read_passage(question.text).pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            value = get(piece.name) if piece.name in question.blanks else None
            out.append(value if value else gap)
    return "".join(out)


def filled_passage(question: ClozeQuestion) -> str:
    """The passage with every blank filled with its answer: what a quoted passage must say."""
    return fill(question, lambda name: answer_text(question.blanks[name]))


_SLOT = re.compile("\x00([0-9]+)\x00")
_FIGURE = r"([-−]?[0-9][0-9,]*(?:\.[0-9]+)?)"


def _figure(written: str) -> float | None:
    try:
        return float(written.replace(",", "").replace("−", "-"))
    except ValueError:
        return None


def quoted_in(question: ClozeQuestion, source: SourceText) -> bool:
    """Whether the passage, each blank filled with its answer, is in `source` word for word.

    The same forgiveness as for any excerpt (white space, typographic quotes). A short blank
    may stand for its answer or any accepted form, as the source may use either; a numeric
    blank for the figure written any usual way (`5800`, `5,800`), but the same figure.
    """
    gaps: list[AnyBlank] = []
    pieces: list[str] = []
    for piece in read_passage(question.text).pieces:
        if isinstance(piece, str):
            pieces.append(piece)
        elif piece.name in question.blanks:
            pieces.append(f"\x00{len(gaps)}\x00")
            gaps.append(question.blanks[piece.name])
        else:
            pieces.append(GAP)
    wanted = normalize("".join(pieces))
    if not wanted.replace("\x00", "").strip():
        return False
    pattern: list[str] = []
    figures: list[float] = []
    at = 0
    for slot in _SLOT.finditer(wanted):
        pattern.append(re.escape(wanted[at : slot.start()]))
        at = slot.end()
        blank = gaps[int(slot.group(1))]
        if blank.type == "numeric":
            pattern.append(_FIGURE)
            figures.append(blank.answer)
            continue
        forms = [blank.answer, *(blank.accept if blank.type == "short" else ())]
        written = sorted({normalize(form) for form in forms if normalize(form)}, key=len)
        pattern.append("(?:" + "|".join(re.escape(form) for form in reversed(written)) + ")")
    pattern.append(re.escape(wanted[at:]))
    for found in re.finditer("".join(pattern), source.normalized):
        values = [_figure(group) for group in found.groups()]
        if all(
            value is not None and abs(value - answer) <= 1e-9 * max(1.0, abs(answer))
            for value, answer in zip(values, figures, strict=True)
        ):
            return True
    return False
