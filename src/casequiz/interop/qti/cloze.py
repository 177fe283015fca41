"""A cloze as Canvas's QTI 1.2 blanks: `fill_in_multiple_blanks_question` when the blanks are
typed, `multiple_dropdowns_question` when every blank is a choice, each blank `[name]` in the
text with its own `response_lid`, as Canvas itself exports them.

Canvas puts typed and dropdown blanks in different question types, so a cloze with both is
written with typed blanks, each choice blank's choices listed below the passage (and said on
export). Canvas matches typed blanks as text (no tolerance, no units) and shares the points
equally among the blanks; the package's own scoring gives each blank its share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from casequiz.bank.cloze import blanks_in_order, read_passage
from casequiz.bank.model import AnyBlank, ChoiceBlank, ClozeQuestion, NumericBlank, ShortBlank
from casequiz.interop.chars import number
from casequiz.interop.qti.xml import el, html_text

if TYPE_CHECKING:
    from casequiz.interop.qti.assessment import _Item

__all__ = ["canvas_type", "cloze_item", "cloze_prompt", "variables"]

_NOT_IN_VARIABLE = re.compile(r"[^A-Za-z0-9_]")


def dropdowns(question: ClozeQuestion) -> bool:
    return all(isinstance(b, ChoiceBlank) for b in question.blanks.values())


def canvas_type(question: ClozeQuestion) -> str:
    return (
        "multiple_dropdowns_question" if dropdowns(question) else "fill_in_multiple_blanks_question"
    )


def variables(question: ClozeQuestion) -> dict[str, str]:
    """Each blank's Canvas variable (letters, digits and `_`), unique within the question."""
    out: dict[str, str] = {}
    for name, _ in blanks_in_order(question):
        base = _NOT_IN_VARIABLE.sub("_", name)
        variable, n = base, 2
        while variable in out.values():
            variable, n = f"{base}_{n}", n + 1
        out[name] = variable
    return out


def _inert(markup: str) -> str:
    """Brackets of the passage itself as entities: only a blank reads as `[name]`."""
    return markup.replace("[", "&#91;").replace("]", "&#93;")


def cloze_prompt(question: ClozeQuestion) -> str:
    """The prompt, then the passage with `[variable]` for each blank (and, for typed blanks
    standing for choices, the choices below)."""
    names = variables(question)
    passage = []
    for piece in read_passage(question.text).pieces:
        if isinstance(piece, str):
            passage.append(_inert(html_text(piece)))
        elif piece.name in names:
            passage.append(f"[{names[piece.name]}]")
    out = f"<p>{html_text(question.prompt)}</p><p>{''.join(passage)}</p>"
    if not dropdowns(question):
        for name, blank in blanks_in_order(question):
            if isinstance(blank, ChoiceBlank):
                choices = " / ".join(html_text(c) for c in blank.choices)
                out += f"<p>{_inert(html_text(name))}: {_inert(choices)}</p>"
    return out


def _right(blank: AnyBlank, typed: bool) -> tuple[list[str], list[str]]:
    """The labels a blank offers and those that are right."""
    if isinstance(blank, ChoiceBlank):
        return (list(blank.choices), [blank.answer]) if not typed else ([blank.answer],) * 2
    if isinstance(blank, NumericBlank):
        return [number(blank.answer)], [number(blank.answer)]
    assert isinstance(blank, ShortBlank)
    accepted = list(dict.fromkeys([blank.answer, *blank.accept]))
    return accepted, accepted


def cloze_item(item: _Item, question: ClozeQuestion) -> Element:
    """The `response_lid` of each blank, and the conditions that add its share of the score."""
    from casequiz.interop.qti.assessment import _score, _scored

    typed = not dropdowns(question)
    names = variables(question)
    correct = Element("conditions")
    for name, blank in blanks_in_order(question):
        variable = names[name]
        respident = f"response_{variable}"
        offered, right = _right(blank, typed)
        labels = [(f"{question.id}-{variable}-{i}", html_text(t)) for i, t in enumerate(offered)]
        lid = el(item.presentation, "response_lid", ident=respident, rcardinality="Single")
        el(el(lid, "material"), "mattext", variable)
        item._labels(lid, labels)
        condition = _scored(correct, action="Add")
        test = el(condition, "conditionvar")
        rights = [ident for (ident, _), text in zip(labels, offered, strict=True) if text in right]
        holder = el(test, "or") if len(rights) > 1 else test
        for ident in rights:
            el(holder, "varequal", ident, respident=respident)
        share = 100 * blank.points / question.points
        _score(condition, number(round(share, 4)), "Add")
    return correct
