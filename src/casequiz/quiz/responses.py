"""Responses: the one canonical form of an answer, and coercion into it from a sheet or JSON.

Scoring, the store and the result files all see the same shapes (docs/taking.md): a choice by its
option's text, a true/false as a bool, a numeric or short answer as the text typed, an order as
the list of items, a match as a mapping left -> right, a cloze as a mapping blank -> text.
Response sheets are YAML, where `yes` is a bool and `2001` an int, so coercion is forgiving
about types and strict about content: an option that is not there is an error that lists what is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeAlias

from casequiz.quiz.text import match_key

if TYPE_CHECKING:
    from casequiz.bank.model import AnyQuestion, MatchQuestion, MultipleQuestion, OrderQuestion

Response: TypeAlias = str | bool | list[str] | dict[str, str]
"""A response in canonical, JSON-serialisable form."""


TRUE_WORDS = frozenset({"true", "t", "yes"})
FALSE_WORDS = frozenset({"false", "f", "no"})


class ResponseError(ValueError):
    """A response that does not fit its question; the message says what was expected."""


def _listing(texts: Iterable[str]) -> str:
    return ", ".join(f'"{text}"' for text in texts)


def scalar_text(value: object) -> str | None:
    """A YAML scalar as the text a student meant: `2001` -> "2001", `5.8` -> "5.8"; else None.

    Bools are not text: YAML reads an unquoted `no` as false, and guessing which word was meant
    would hide the mistake.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return None


def resolve(text: str, choices: Sequence[str]) -> str | None:
    """The choice `text` names: the same text, else the one choice equal after normalisation.

    None when nothing matches, or when normalisation makes two choices equal (then only the
    exact text can tell them apart).
    """
    if text in choices:
        return text
    stripped = text.strip()
    if stripped in choices:
        return stripped
    key = match_key(text)
    if not key:
        return None
    found = [choice for choice in choices if match_key(choice) == key]
    return found[0] if len(found) == 1 else None


def _choice(value: object, choices: Sequence[str], what: str) -> str:
    text = scalar_text(value)
    found = resolve(text, choices) if text is not None else None
    if found is None:
        raise ResponseError(f"expected one of the {what}: {_listing(choices)}; got {value!r}")
    return found


def _coerce_multiple(question: MultipleQuestion, value: object) -> list[str]:
    options = question.options
    if isinstance(value, str):
        if resolve(value, options) is not None or "," not in value:
            value = [value]
        else:  # a form export may give "garments, footwear"
            value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise ResponseError(f"expected a list of options among: {_listing(options)}")
    chosen = [_choice(item, options, "options") for item in value]
    return list(dict.fromkeys(chosen))


def _coerce_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ResponseError(f"expected true or false (or t/f, yes/no); got {value!r}")


def coerce_text(value: object, what: str) -> str:
    """A sheet's scalar as the text meant, or `ResponseError` saying `what` was expected."""
    text = scalar_text(value)
    if text is None:
        hint = ""
        if isinstance(value, bool):
            hint = "; quote it in YAML, where unquoted yes/no/true/false are booleans"
        raise ResponseError(f"expected {what}; got {value!r}{hint}")
    return text


def _coerce_order(question: OrderQuestion, value: object) -> list[str]:
    items = question.items
    if not isinstance(value, list | tuple):
        raise ResponseError(f"expected a list of the items in order: {_listing(items)}")
    chosen = [_choice(item, items, "items") for item in value]
    seen: set[str] = set()
    for item in chosen:
        if item in seen:
            raise ResponseError(f'expected each item once; "{item}" is given twice')
        seen.add(item)
    missing = [item for item in items if item not in seen]
    if missing:
        raise ResponseError(f"expected every item; missing: {_listing(missing)}")
    return chosen


def _coerce_match(question: MatchQuestion, value: object) -> dict[str, str]:
    lefts = list(question.pairs)
    rights = list(dict.fromkeys([*question.pairs.values(), *question.distractors]))
    if not isinstance(value, Mapping):
        raise ResponseError(
            f"expected a mapping from {_listing(lefts)} to one of {_listing(rights)}"
        )
    chosen: dict[str, str] = {}
    for left, right in value.items():
        key = _choice(left, lefts, "left-hand items")
        if key in chosen:
            raise ResponseError(f'expected each left-hand item once; "{key}" is given twice')
        if right is None or right == "":
            continue  # left blank: an unanswered pair
        chosen[key] = _choice(right, rights, "right-hand items")
    return {left: chosen[left] for left in lefts if left in chosen}


def coerce_response(question: AnyQuestion, value: object) -> Response:
    """`value`, as read from a YAML/JSON response sheet, in the canonical form for `question`.

    Raises `ResponseError` when the value cannot be a response to this question. A numeric
    response is only turned into text here: whether it reads as a number is for scoring to say.
    """
    kind = getattr(question, "type", None)  # a question of the model or a light record
    if kind == "single":
        return _choice(value, question.options, "options")
    if kind == "multiple":
        return _coerce_multiple(question, value)
    if kind == "true_false":
        return _coerce_bool(value)
    if kind == "numeric":
        return coerce_text(value, "a number")
    if kind == "short":
        return coerce_text(value, "a text answer")
    if kind == "order":
        return _coerce_order(question, value)
    if kind == "match":
        return _coerce_match(question, value)
    if kind == "cloze":
        from casequiz.quiz.cloze import coerce_cloze

        return coerce_cloze(question, value)
    raise TypeError(f"not a question: {question!r}")
