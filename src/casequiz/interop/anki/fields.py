"""A question as the HTML fields of an Anki note, and its tags.

Anki shows fields as HTML, so every piece of bank text is escaped here: a prompt that says
`<b>` shows `<b>`, and no bank can put markup or script into a student's collection. Only the
structure around the text (lists, quotations, line breaks) is markup casequiz writes itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from casequiz.bank.cloze import cited_excerpts
from casequiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.interop.chars import html_text as text
from casequiz.interop.chars import number, printable, unrevealing

__all__ = ["FIELDS", "answer_text", "fields", "tag", "tags"]

FIELDS = ("Question", "Options", "Answer", "Explanation", "Excerpt", "Hint", "Id")
"""The note type's fields, in order; the first is the one Anki sorts and checks duplicates by."""


def _list(items: Iterable[str], tag_name: str = "ul") -> str:
    return f"<{tag_name}>" + "".join(f"<li>{text(i)}</li>" for i in items) + f"</{tag_name}>"


def options_html(question: AnyQuestion) -> str:
    """What the front shows beside the prompt: the options, or the items to order or match."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return _list(question.options)
    if isinstance(question, TrueFalseQuestion):
        return _list(["True", "False"])
    if isinstance(question, OrderQuestion):
        return _list(unrevealing(question.items))
    if isinstance(question, MatchQuestion):
        rights = unrevealing(dict.fromkeys([*question.pairs.values(), *question.distractors]))
        return _list(question.pairs) + "<p>with</p>" + _list(rights)
    return ""


def answer_text(question: AnyQuestion) -> str:
    """The correct answer as HTML."""
    if isinstance(question, SingleQuestion):
        return text(question.answer)
    if isinstance(question, MultipleQuestion):
        return _list([o for o in question.options if o in question.answers])
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, NumericQuestion):
        value = number(question.answer)
        if question.unit:
            value += " " + question.unit.strip()
        tolerance = question.tolerance
        if isinstance(tolerance, str):
            value += f" (±{tolerance.replace(' ', '')})"
        elif tolerance:
            value += f" (±{number(tolerance)})"
        return text(value)
    if isinstance(question, ShortQuestion):
        accepted = [a for a in question.accept if a != question.answer]
        also = f"<br>also accepted: {', '.join(text(a) for a in accepted)}" if accepted else ""
        return text(question.answer) + also
    if isinstance(question, OrderQuestion):
        return _list(question.items, "ol")
    return _list(f"{left} → {right}" for left, right in question.pairs.items())


def excerpt_html(bank: Bank, question: AnyQuestion) -> str:
    """Each excerpt as a quotation, followed by the source it is taken from."""
    parts = []
    for excerpt in cited_excerpts(question):
        source = bank.sources.get(excerpt.ref)
        cite = text(source.citation()) if source else text(excerpt.ref)
        if source and source.url and source.url.startswith(("https://", "http://")):
            cite = f'<a href="{html.escape(printable(source.url), quote=True)}">{cite}</a>'
        parts.append(f"<blockquote>{text(excerpt.quote)}</blockquote><cite>{cite}</cite>")
    return "".join(parts)


def explanation_html(question: AnyQuestion) -> str:
    """The explanation, then what the bank says about each option, which a card cannot show
    when it is chosen (a card has no choosing)."""
    parts = [text(question.explanation)] if question.explanation else []
    if question.feedback:
        parts.append(
            '<ul class="feedback">'
            + "".join(
                f"<li><b>{text(option)}</b>: {text(said)}</li>"
                for option, said in question.feedback.items()
            )
            + "</ul>"
        )
    return "".join(parts)


def fields(bank: Bank, question: AnyQuestion) -> list[str]:
    """The note's fields, in the order of `FIELDS`."""
    return [
        text(question.prompt),
        options_html(question),
        answer_text(question),
        explanation_html(question),
        excerpt_html(bank, question),
        text(question.hint or ""),
        text(f"{bank.id}/{question.id}"),
    ]


_NOT_IN_TAG = re.compile(r'[\s"]+')


def tag(value: str) -> str:
    """A topic or tag as an Anki tag: Anki separates tags by spaces and drops quotes, so runs
    of white space become `_`; `::` stays, as Anki's tag hierarchy."""
    cleaned = _NOT_IN_TAG.sub("_", printable(value).replace("\ufffd", " ")).strip("_")
    return "::".join(part for part in cleaned.split("::") if part)


def tags(question: AnyQuestion) -> list[str]:
    """The question's topic and tags as Anki tags, each once: Anki's tags ignore case, so
    a topic `Chronology` and a tag `chronology` are one tag."""
    named = [question.topic] if question.topic else []
    found: dict[str, str] = {}
    for name in [*named, *question.tags]:
        cleaned = tag(name)
        if cleaned:
            found.setdefault(cleaned.casefold(), cleaned)
    return list(found.values())
