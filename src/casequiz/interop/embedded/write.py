"""Moodle's embedded answers (Cloze) syntax written so that Moodle reads back what was meant.

Moodle decodes HTML entities in every answer and feedback, and an entity never ends an answer
(its `#` follows `&`), so each character the syntax gives a meaning to is written as a numeric
entity: no answer text can end a part early, start a weight or open a feedback. The parent
text is HTML; its own braces are entities too, so that no passage reads as a part.
"""

from __future__ import annotations

import re

from casequiz.interop.gift.parse import repr_number
from casequiz.interop.moodle import MoodleQuestion, percent
from casequiz.interop.text import to_html

__all__ = ["code", "entities", "snippet"]

_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "&{}~#=%:\\"})


def entities(text: str) -> str:
    """`text` with the syntax's characters (and `&`) as numeric entities."""
    return text.translate(_SPECIAL)


def _kept(text: str) -> str:
    """An answer or feedback as written for Moodle: after decoding the entities Moodle turns
    `\\}` into `}` and `\\#` into `#`, so a backslash before either is doubled first."""
    return entities(re.sub(r"\\(?=[}#])", r"\\\\", text))


def code(part: MoodleQuestion) -> str:
    """The type code of a part: the long names, as Moodle's own help writes them."""
    if part.qtype == "numerical":
        return "NUMERICAL"
    if part.qtype == "shortanswer":
        return "SHORTANSWER_C" if part.usecase else "SHORTANSWER"
    base = "MULTICHOICE" if part.single else "MULTIRESPONSE"
    suffix = (
        {0: "", 1: "V", 2: "H"}[part.layout]
        if part.single
        else {1: "", 2: "H"}.get(part.layout, "")
    )
    if part.shuffle:
        suffix += "S"
    return base + (f"_{suffix}" if suffix else "")


def _weight(fraction: float) -> str:
    if fraction == 1:
        return "="
    if fraction == 0:
        return ""
    return f"%{percent(fraction)}%"


def snippet(part: MoodleQuestion) -> str:
    """`{mark:TYPE:alternatives}` of one part; the mark is a whole number (Moodle reads no
    other), the caller rounds it."""
    alternatives = []
    for answer in part.answers:
        if part.qtype == "numerical":
            value = answer.text.text
            body = value if value == "*" else f"{value}:{repr_number(answer.tolerance or 0.0)}"
        elif part.qtype == "multichoice":
            body = _kept(to_html(answer.text.text))
        else:
            body = _kept(answer.text.text)
        feedback = f"#{_kept(to_html(answer.feedback.text))}" if answer.feedback.text else ""
        alternatives.append(_weight(answer.fraction) + body + feedback)
    return "{" + f"{int(part.defaultgrade)}:{code(part)}:" + "~".join(alternatives) + "}"
