"""A cloze question as an Anki Cloze note: the passage with `{{c1::answer}}` for each blank, so
that Anki makes one card per blank and reviews each on its own.

The note type is casequiz's own, a Cloze type with a fixed id (like the basic one), so a
re-export updates the notes. A choice blank shows its choices as the cloze hint (`[a / b / c]`),
a numeric blank its figure as the passage writes it. Bank text is escaped as in every field,
and its braces and colons as entities too, so that no text of a bank opens or closes a cloze.
"""

from __future__ import annotations

from casequiz.bank.cloze import answer_text, blanks_in_order, read_passage
from casequiz.bank.model import AnyBlank, Bank, ChoiceBlank, ClozeQuestion, NumericBlank, ShortBlank
from casequiz.interop.chars import html_text
from casequiz.interop.chars import number as number_text

__all__ = ["CLOZE_FIELDS", "cloze_fields"]

CLOZE_FIELDS = ("Text", "Question", "Explanation", "Excerpt", "Hint", "Id")
"""The cloze note type's fields; `Text` holds the clozes, as in Anki's own Cloze type."""

_INERT = str.maketrans({"{": "&#123;", "}": "&#125;"})


def _inert(markup: str, colons: bool = False) -> str:
    out = markup.translate(_INERT)
    return out.replace(":", "&#58;") if colons else out


def _answer(blank: AnyBlank) -> str:
    """The answer as it stands in the passage (a unit is the passage's own words around it)."""
    return html_text(answer_text(blank))


def _cloze(n: int, blank: AnyBlank) -> str:
    hint = ""
    if isinstance(blank, ChoiceBlank):
        hint = "::" + _inert(" / ".join(html_text(c) for c in blank.choices), colons=True)
    return "{{c" + str(n) + "::" + _inert(_answer(blank), colons=True) + hint + "}}"


def cloze_text(question: ClozeQuestion) -> str:
    """The passage with a numbered cloze for each blank, in the order of the text."""
    numbers = {name: n for n, (name, _) in enumerate(blanks_in_order(question), 1)}
    out = []
    for piece in read_passage(question.text).pieces:
        if isinstance(piece, str):
            out.append(_inert(html_text(piece)))
        elif piece.name in numbers:
            out.append(_cloze(numbers[piece.name], question.blanks[piece.name]))
    return "".join(out)


def _about(name: str, blank: AnyBlank) -> str:
    said = []
    if isinstance(blank, ShortBlank):
        if accepted := [a for a in blank.accept if a != blank.answer]:
            said.append("also accepted: " + ", ".join(html_text(a) for a in accepted))
    elif isinstance(blank, NumericBlank) and blank.tolerance:
        tolerance = blank.tolerance
        shown = tolerance.replace(" ", "") if isinstance(tolerance, str) else number_text(tolerance)
        said.append(f"±{html_text(shown)}")
    if blank.feedback:
        said.append(html_text(blank.feedback))
    return f"<li><b>{html_text(name)}</b>: {'; '.join(said)}</li>" if said else ""


def explanation_html(question: ClozeQuestion) -> str:
    """The explanation, then what the bank says of each blank (accepted forms, tolerance,
    feedback): a card shows every answer, so it shows all of it."""
    parts = [html_text(question.explanation)] if question.explanation else []
    about = "".join(_about(name, blank) for name, blank in blanks_in_order(question))
    if about:
        parts.append(f'<ul class="feedback">{about}</ul>')
    return "".join(parts)


def cloze_fields(bank: Bank, question: ClozeQuestion) -> list[str]:
    """The note's fields, in the order of `CLOZE_FIELDS`."""
    from casequiz.interop.anki.fields import excerpt_html

    return [
        cloze_text(question),
        html_text(question.prompt),
        explanation_html(question),
        excerpt_html(bank, question),
        html_text(question.hint or ""),
        html_text(f"{bank.id}/{question.id}"),
    ]
