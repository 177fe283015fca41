"""Write banks as GIFT that Moodle imports: what `parse` reads back to the same questions.

Every text is escaped as Moodle's own exporter escapes it; a text that Moodle would read as
markup is written as `[html]` with its markup escaped. Topics become `$CATEGORY:` lines, ids
become names (and `[id:]` marks), tags `[tag:]` marks; an order question becomes a matching
question from items to positions, since GIFT has no ordering type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from casequiz.bank.model import Bank
from casequiz.interop.gift.parse import repr_number
from casequiz.interop.moodle import FORMATS, MoodleQuestion, Text, percent
from casequiz.interop.report import WriteResult
from casequiz.interop.text import held, looks_like_html, one_line, to_html
from casequiz.interop.to_moodle import to_moodle

_RESERVED = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_FORMAT_MARK = re.compile(r"^\s*\[({})\]".format("|".join(FORMATS)))
HOLDS = frozenset()
"""Optional fields GIFT carries beyond Moodle's common ones (no hints, units or case rule)."""


def escape(text: str) -> str:
    """Moodle's `repchar`: the markup characters and line breaks escaped."""
    return text.translate(_RESERVED)


def text(value: Text) -> str:
    """A rich text as GIFT writes it, with a `[html]` mark where it is HTML."""
    if value.format == "html":
        return "[html]" + escape(value.text)
    if looks_like_html(value.text) or _FORMAT_MARK.match(value.text):
        return "[html]" + escape(to_html(value.text))
    return escape(held(value.text))


def _literal(value: str) -> str:
    """An answer Moodle keeps as plain text (short answers, right sides of pairs)."""
    return escape(held(value))


def _answers(q: MoodleQuestion) -> list[str]:
    if q.qtype == "multichoice":
        lines = []
        for answer in q.answers:
            body = text(answer.text)
            if q.single and answer.fraction == 1:
                mark = "="
            elif answer.fraction == 0 and not body.startswith("%"):
                mark = "~"
            else:
                mark = f"~%{percent(answer.fraction)}%"
            feedback = f"#{text(answer.feedback)}" if answer.feedback.text else ""
            lines.append(mark + body + feedback)
        return lines
    if q.qtype == "shortanswer":
        return [
            ("=%100%" if a.text.text.startswith("%") else "=") + _literal(a.text.text)
            for a in q.answers
        ]
    if q.qtype == "numerical":
        return [f"={a.text.text}:{repr_number(a.tolerance or 0.0)}" for a in q.answers]
    if q.qtype == "match":
        return [
            f"={text(s.text)} -> {_literal(s.answer)}"
            if s.text.text
            else f"= -> {_literal(s.answer)}"
            for s in q.subquestions
        ]
    return []


def _mark(kind: str, value: str) -> str:
    """`[tag:value]` in a comment line: only `]` and line breaks need escaping there."""
    return f"[{kind}:" + one_line(value).replace("]", "\\]") + "]"


def question(q: MoodleQuestion) -> str:
    """One question, its comment marks first."""
    marks = " ".join([_mark("id", q.idnumber), *(_mark("tag", t) for t in q.tags if held(t))])
    head = f"// {marks}\n::{escape(q.name)}::{text(q.text)}"
    feedback = f"####{text(q.general_feedback)}" if q.general_feedback.text else ""
    if q.qtype == "truefalse":
        truth = "TRUE" if q.answers[0].fraction == 1 else "FALSE"
        return f"{head}{{{truth}{feedback}}}\n"
    lines = _answers(q) + ([feedback] if feedback else [])
    opening = "{#" if q.qtype == "numerical" else "{"
    return head + opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}\n"


def write(banks: Sequence[Bank]) -> WriteResult:
    """The banks as one GIFT file; notes name what GIFT cannot hold."""
    exported = to_moodle(banks, HOLDS.__contains__, order_as_match=True)
    parts = [
        "// "
        + escape(", ".join(f"{b.title} ({b.id})" for b in banks))
        + ": written by casequiz bank export\n"
    ]
    category = None
    for q in exported.questions:
        if q.category != category:
            category = q.category
            parts.append(f"\n$CATEGORY: {escape(category or '')}\n")
        parts.append("\n" + question(q))
    notes = exported.all_notes("GIFT")
    points = [
        b.id for b in banks if any(q.points != 1.0 and q.type != "cloze" for q in b.questions)
    ]
    notes += [
        f"{bank_id}: points are not held by GIFT (each question is worth 1)" for bank_id in points
    ]
    return WriteResult("".join(parts).encode("utf-8"), notes, len(exported.questions))
