"""A blank response sheet for a bank: what a grader fills in from a paper answer sheet.

Every question of the bank has a line `id:` with nothing after it, and above it, as comments,
its number, type, points, prompt and what to write (the options to copy, the form of a list or
a mapping). Read unchanged, the sheet scores as all unanswered, so a half-filled sheet is
already a valid one. Comments show bank text through `literal`, so a control character in a
bank cannot end a comment line or break the YAML.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import yaml

from casequiz.quiz.literal import literal

if TYPE_CHECKING:
    from casequiz.bank.model import AnyQuestion, Bank, ClozeQuestion

__all__ = ["key", "template"]


def key(question_id: str) -> str:
    """The id as a YAML key that reads back as that text: `yes`, `1.10` and `null` would not."""
    try:
        loaded = yaml.safe_load(f"{question_id}: ~")
    except yaml.YAMLError:
        loaded = None
    if isinstance(loaded, dict) and list(loaded) == [question_id]:
        return question_id
    return json.dumps(question_id)


_NOT_YAML = str.maketrans({"\ufffe": "\\ufffe", "\uffff": "\\uffff"})
"""Characters a YAML file may not hold even in a comment, which `literal` leaves alone."""


def _comment(text: str, indent: str = "# ") -> list[str]:
    lines = literal(text).translate(_NOT_YAML).splitlines() or [""]
    return [f"{indent}{line}".rstrip() for line in lines]


def _one_line(text: str) -> str:
    """Text for the middle of a comment line: line breaks shown as spaces."""
    return " ".join(literal(text).translate(_NOT_YAML).split("\n"))


def _listed(items: list[str]) -> list[str]:
    return [line for item in items for line in _comment(item, "#     - ")]


def _sorted(items: list[str]) -> list[str]:
    """Items in an order that gives nothing away."""
    return sorted(items, key=lambda item: (item.casefold(), item))


def _flow(value: object) -> str:
    """A value in YAML's flow form (JSON is YAML), as a grader would type it."""
    return literal(json.dumps(value, ensure_ascii=False)).translate(_NOT_YAML)


def how_to_answer(question: AnyQuestion) -> list[str]:
    """What to write for the question, as comment lines."""
    if question.type == "single":
        return ["#   write: one option, as written here:", *_listed(question.options)]
    if question.type == "multiple":
        example = _flow(question.options[:2])
        return [
            f"#   write: a list of the options chosen, such as {example}; the options:",
            *_listed(question.options),
        ]
    if question.type == "true_false":
        return ["#   write: true or false"]
    if question.type == "numeric":
        unit = f" (in {_one_line(question.unit.strip())})" if question.unit else ""
        return [f"#   write: a number{unit}, as the student wrote it"]
    if question.type == "short":
        return ['#   write: the words the student wrote (quote them if they are "yes" or "no")']
    if question.type == "order":
        return [
            "#   write: a list of these items, in the student's order: [first, second, ...]",
            *_listed(_sorted(question.items)),
        ]
    if question.type == "cloze":
        return _how_to_fill(question)
    assert question.type == "match"
    example = _flow({left: "..." for left in question.pairs})
    rights = _sorted(list(dict.fromkeys([*question.pairs.values(), *question.distractors])))
    return [
        f"#   write: a mapping of each left to the right chosen: {example}",
        "#   the rights:",
        *_listed(rights),
    ]


def _how_to_fill(question: ClozeQuestion) -> list[str]:
    from casequiz.bank.cloze import GAP, blanks_in_order, fill

    named = blanks_in_order(question)
    example = _flow({name: "..." for name, _ in named})
    lines = [
        f"#   write: a mapping of each blank to what the student wrote: {example}",
        "#   (or a list in this order); the passage:",
        *_comment(fill(question, lambda name: f"[{name}]", GAP), "#     "),
    ]
    for name, blank in named:
        if blank.type == "choice":
            lines += [f"#   {_one_line(name)}: one of", *_listed(blank.choices)]
        elif blank.type == "numeric":
            unit = f" (in {_one_line(blank.unit.strip())})" if blank.unit else ""
            lines.append(f"#   {_one_line(name)}: a number{unit}")
    return lines


def template(bank: Bank, bank_path: str = "BANK") -> str:
    """The blank response sheet of `bank`, as YAML text."""
    lines = [
        f"# Response sheet for {bank.id}: {_one_line(bank.title)}",
        "# Write each answer after its question's id, leave it empty when not answered,",
        "# then score the sheet:",
        f"#   casequiz score {_one_line(bank_path)} --responses THIS-FILE --student NAME",
        '# Quote text that YAML would read as something else: "yes", "no", "010".',
    ]
    for number, question in enumerate(bank.questions, start=1):
        points = f"{question.points:g} point{'' if question.points == 1 else 's'}"
        lines += [
            "",
            f"# {number}. {question.type.replace('_', '/')}, {points}",
            *_comment(question.prompt, "#   "),
            *how_to_answer(question),
            f"{key(question.id)}:",
        ]
    return "\n".join(lines) + "\n"
