"""Reading what a student types in plain mode into a response the engine scores.

The conventions (docs/taking.md): a choice by its number or its text, several choices as
`1,3`, true/false as t/f, 1/2 or yes/no, an order as `3 1 2 4`, pairs as `1b 2a 3c`. Numbers refer
to the choices as they were shown (shuffled), never to the bank's order.
"""

from __future__ import annotations

import re

from casequiz.quiz.draw import Slot
from casequiz.quiz.responses import Response

TRUE_WORDS = {"t", "true", "y", "yes", "1"}
FALSE_WORDS = {"f", "false", "n", "no", "2"}
"""As the TUI: t or 1 for true, f or 2 for false (the two are listed in that order)."""


class InputError(ValueError):
    """What was typed does not fit the question; the message says what would."""


def letter(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: labels for the right-hand choices of a match question."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def _number(token: str, count: int) -> int:
    if not token.isdigit() or not 1 <= int(token) <= count:
        raise InputError(f"{token!r} is not a number from 1 to {count}")
    return int(token) - 1


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


_PAIR = re.compile(r"(\d+)\s*[-=:>]*\s*([a-z]+)\b")
"""One pair of a match answer: `1b`, `1 b`, `1-b`, `1=b`, `1->b`."""


def _pick(text: str, choices: list[str]) -> str | None:
    """The choice `text` names: by its number as shown, else by its text (an option may itself
    be a number, such as a year, and then typing the year picks it)."""
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    for choice in choices:
        if _fold(choice) == _fold(text):
            return choice
    return None


pick = _pick
"""The choice a typed line names, for the other plain-mode modules."""


def _word(text: str, start: int, end: int) -> str:
    """What was typed from `start` to `end`, widened to whole words: in `$5.8bn` the `8b`
    looks like a pair, but the word to name is `$5.8bn`, not the `$5.` before it."""
    junk = text[start:end]
    first = start + len(junk) - len(junk.lstrip(" \t,;"))
    last = start + len(junk.rstrip(" \t,;"))
    while first > 0 and text[first - 1] not in " \t,;":
        first -= 1
    while last < len(text) and text[last] not in " \t,;":
        last += 1
    return text[first:last]


def parse(slot: Slot, line: str) -> Response:
    """The response `line` stands for; raises `InputError` with a hint when it fits nothing."""
    question, text = slot.question, line.strip()
    choices = slot.choices()
    if question.type == "single":
        picked = _pick(text, choices)
        if picked is None:
            raise InputError(f"type the number of an option, 1 to {len(choices)}")
        return picked
    if question.type == "multiple":
        whole = _pick(text, choices) if not text.isdigit() else None
        if whole is not None:  # one option typed out, commas and all
            return [whole]
        chosen: list[str] = []
        for part in re.split(r"[,;]", text):
            if not part.strip():
                continue
            picked = _pick(part, choices)
            if picked is not None:
                chosen.append(picked)
            else:  # numbers apart by spaces: "1 3"
                chosen.extend(choices[_number(t, len(choices))] for t in part.split())
        if not chosen:
            raise InputError("type the numbers of your choices, e.g. 1,3")
        return list(dict.fromkeys(chosen))
    if question.type == "true_false":
        word = text.casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise InputError("type t or 1 (true), f or 2 (false)")
    if question.type in ("numeric", "short"):
        return line.strip()
    if question.type == "order":
        tokens = [t for t in re.split(r"[\s,;]+", text) if t]
        indexes = [_number(t, len(choices)) for t in tokens]
        if sorted(indexes) != list(range(len(choices))):
            raise InputError(
                f"type all {len(choices)} numbers once each, in your order, "
                f"e.g. {' '.join(str(i + 1) for i in range(len(choices)))}"
            )
        return [choices[i] for i in indexes]
    if question.type == "match":
        lefts = list(question.pairs)
        labels = [letter(i) for i in range(len(choices))]
        pairs: dict[str, str] = {}
        folded = text.casefold()
        shown = text if len(text) == len(folded) else folded  # a word named as it was typed
        end = 0
        for found in _PAIR.finditer(folded):
            between = folded[end : found.start()]
            if between.strip(" \t,;"):
                word = _word(shown, end, found.start())
                raise InputError(f"{word!r}: pair a number with a letter, e.g. 1b")
            end = found.end()
            left = lefts[_number(found.group(1), len(lefts))]
            if found.group(2) not in labels:
                raise InputError(f"{found.group(2)!r} is not one of the letters a to {labels[-1]}")
            if left in pairs:
                raise InputError(f"{found.group(1)} is paired twice; pair each number once")
            pairs[left] = choices[labels.index(found.group(2))]
        if folded[end:].strip(" \t,;") or not pairs:
            rest = _word(shown, end, len(folded)) if folded[end:].strip(" \t,;") else text
            raise InputError(f"{rest!r}: pair a number with a letter, e.g. 1b")
        return pairs
    raise InputError("this question type cannot be answered here")
