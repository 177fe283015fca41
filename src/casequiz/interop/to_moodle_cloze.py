"""A casequiz cloze as Moodle's embedded answers (Cloze) question: each blank a part.

The question text is HTML: the prompt in its own paragraph (marked, so that an import finds it
again), then the passage with each blank's `{mark:TYPE:...}` in a span naming the blank. Moodle
shows both spans as written and ignores their classes; casequiz reads them back.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from casequiz.bank.cloze import read_passage
from casequiz.bank.model import AnyBlank, ChoiceBlank, ClozeQuestion, NumericBlank
from casequiz.interop.embedded.write import snippet
from casequiz.interop.from_moodle_cloze import BLANK_CLASS, PROMPT_CLASS
from casequiz.interop.gift.parse import repr_number
from casequiz.interop.moodle import Answer, MoodleQuestion, Text
from casequiz.interop.text import held, to_html

Lose = Callable[[str], None]


def absolute(answer: float, tolerance: float | str) -> float:
    """A tolerance as the margin Moodle takes: a percentage of the answer made absolute."""
    if isinstance(tolerance, str):
        return abs(answer) * float(tolerance.strip().rstrip("%")) / 100
    return tolerance


def mark(points: float) -> int:
    """A blank's points as the whole-number mark a Cloze part takes (at least 1)."""
    return max(1, math.floor(points + 0.5))


def _part(blank: AnyBlank, lose: Lose) -> MoodleQuestion:
    part = MoodleQuestion("", 0, defaultgrade=float(mark(blank.points)), shuffle=False)
    if mark(blank.points) != blank.points:
        lose("points of a blank that are not a whole number are rounded (Cloze marks are)")
    wrong = Text(blank.feedback or "", "plain")
    if isinstance(blank, ChoiceBlank):
        part.qtype = "multichoice"
        part.answers = [
            Answer(
                Text(c, "plain"), float(c == blank.answer), Text() if c == blank.answer else wrong
            )
            for c in blank.choices
        ]
        return part
    if isinstance(blank, NumericBlank):
        part.qtype = "numerical"
        tolerance = absolute(blank.answer, blank.tolerance)
        if isinstance(blank.tolerance, str):
            lose("a percentage tolerance became an absolute one")
        if blank.unit:
            lose("the unit of a numeric blank is not held by Moodle's Cloze")
        part.answers = [Answer(Text(repr_number(blank.answer), "plain"), 1.0, Text(), tolerance)]
    else:
        part.qtype = "shortanswer"
        part.usecase = blank.match == "exact"
        if blank.match == "fuzzy":
            lose("fuzzy matching is not held by Moodle (answers must match)")
        # Moodle reads `*` in a short answer as "anything"; `\*` is a literal asterisk.
        answers = dict.fromkeys([blank.answer, *blank.accept])
        part.answers = [Answer(Text(held(a).replace("*", "\\*"), "plain"), 1.0) for a in answers]
    if wrong.text:
        part.answers.append(Answer(Text("*", "plain"), 0.0, wrong))
    return part


def cloze_text(q: ClozeQuestion, lose: Lose) -> tuple[str, list[MoodleQuestion]]:
    """The question text as Moodle's Cloze HTML, and its parts in order."""
    parts: list[MoodleQuestion] = []
    pieces: list[str] = []
    for piece in read_passage(q.text).pieces:
        if isinstance(piece, str):
            pieces.append(piece)
        elif piece.name in q.blanks:
            pieces.append(f"\ue000{len(parts)}\ue001")
            part = _part(q.blanks[piece.name], lose)
            part.name = piece.name
            parts.append(part)
    passage = entities_braces(to_html("".join(pieces)))
    for n, part in enumerate(parts):
        name = html.escape(part.name, quote=True)
        span = f'<span class="{BLANK_CLASS}" data-name="{name}">{snippet(part)}</span>'
        passage = passage.replace(f"\ue000{n}\ue001", span)
    prompt = f'<p class="{PROMPT_CLASS}">{to_html(q.prompt)}</p>'
    return f"{prompt}<p>{passage}</p>", parts


def entities_braces(text: str) -> str:
    """Braces of the passage itself as entities: no passage text reads as a part."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def to_multianswer(q: ClozeQuestion, m: MoodleQuestion, lose: Lose) -> None:
    """Fill `m` (already holding the common fields) as a Cloze question."""
    m.qtype = "multianswer"
    text, m.parts = cloze_text(q, lose)
    m.text = Text(text, "html")
