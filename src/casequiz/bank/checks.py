"""Checks of meaning that a schema cannot express: ids, answers, options, pairs and references.

They read a bank by its fields, and tell questions and blanks apart by their `type`, never by
their class: the same checks run on the model and on the fields the validator's fast path has
accepted without building it (`accept`), so both give the same diagnostics.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import

if TYPE_CHECKING:
    from casequiz.bank.model import (
        Bank,
        ClozeQuestion,
        MultipleQuestion,
        SingleQuestion,
        _Question,
    )

_CHOICE_TYPES = ("single", "multiple")
_OPTION_FEEDBACK_TYPES = ("single", "multiple", "true_false")

Path = tuple[str | int, ...]


class Problem(
    namedtuple("Problem", ("path", "code", "message", "at_key", "blank_at"), defaults=(False, None))
):
    """A problem found in the data, placed by its path; the caller turns the path into a line.

    A named tuple, as `Diagnostic` is: `validate` need not import `dataclasses`.
    """

    __slots__ = ()

    path: Path
    code: str
    message: str
    at_key: bool
    blank_at: int | None
    """For a problem inside a cloze text: which `{{` of the scalar (0-based) it is about."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?`, or nothing when no choice is close."""
    import difflib  # only once something is wrong: a valid bank never pays for it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _repeats(values: list[str], path: Path, code: str, what: str) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield Problem(
                (*path, index),
                code,
                f"{what} {value!r} is listed twice (first as item {first[value] + 1})",
            )
        else:
            first.setdefault(value, index)


def check_question(question: _Question, path: Path, source_ids: set[str]) -> Iterator[Problem]:
    """Every problem of one question that its type alone does not catch."""
    kind = question.type
    if kind in _CHOICE_TYPES:
        yield from _check_choices(question, path)
    elif kind == "order":
        yield from _repeats(question.items, (*path, "items"), "E304", "the item")
    elif kind == "cloze":
        yield from _check_cloze(question, path, source_ids)
    elif kind == "match":
        rights = list(question.pairs.values())
        first_left: dict[str, str] = {}
        for left, right in question.pairs.items():
            if right in first_left:
                yield Problem(
                    (*path, "pairs", left),
                    "E305",
                    f"the right-hand side {right!r} is already matched to {first_left[right]!r}",
                )
            first_left.setdefault(right, left)
        for index, extra in enumerate(question.distractors):
            if extra in rights:
                yield Problem(
                    (*path, "distractors", index),
                    "E305",
                    f"the distractor {extra!r} is also a correct right-hand side",
                )
        yield from _repeats(question.distractors, (*path, "distractors"), "E305", "the distractor")
    if question.feedback and kind not in _OPTION_FEEDBACK_TYPES:
        yield Problem(
            (*path, "feedback"),
            "E308",
            f"feedback by option is for choice questions, not {question.type!r} ones: "
            "use `explanation`",
            at_key=True,
        )
    for index, excerpt in enumerate(question.source):
        if excerpt.ref not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none are defined"
            yield Problem(
                (*path, "source", index, "ref"),
                "E400",
                f"no source {excerpt.ref!r} in this bank{did_you_mean(excerpt.ref, source_ids)}"
                f" (sources: {known})",
            )


def _check_cloze(question: ClozeQuestion, path: Path, source_ids: set[str]) -> Iterator[Problem]:
    from casequiz.bank.passage import read_passage

    text_path = (*path, "text")
    passage = read_passage(question.text)
    for flaw in passage.flaws:
        yield Problem(text_path, "E310", flaw.message, blank_at=flaw.occurrence)
    seen: set[str] = set()
    names = list(question.blanks)
    for gap in passage.gaps:
        if gap.name in seen:
            yield Problem(
                text_path,
                "E310",
                f"the blank {{{{{gap.name}}}}} is used twice: each blank appears once in the "
                "text (give the second one its own name)",
                blank_at=gap.occurrence,
            )
        elif gap.name not in question.blanks:
            yield Problem(
                text_path,
                "E311",
                f"the blank {{{{{gap.name}}}}} has no entry in `blanks`"
                f"{did_you_mean(gap.name, [n for n in names if n not in seen])}",
                blank_at=gap.occurrence,
            )
        seen.add(gap.name)
    for name, blank in question.blanks.items():
        where = (*path, "blanks", name)
        if name not in seen:
            yield Problem(
                where,
                "E312",
                f"the blank {name!r} is never used in the text: write {{{{{name}}}}} where it "
                "belongs, or remove it",
                at_key=True,
            )
        if blank.type == "choice":
            if len(blank.choices) < 2:
                yield Problem(
                    (*where, "choices"), "E309", "a choice blank needs at least two choices"
                )
            yield from _repeats(blank.choices, (*where, "choices"), "E303", "the choice")
            if blank.answer not in blank.choices:
                yield Problem(
                    (*where, "answer"),
                    "E302",
                    f"the answer {blank.answer!r} is not one of the "
                    f"choices{did_you_mean(blank.answer, blank.choices)}",
                )
    if "points" in question.model_fields_set:
        yield Problem(
            (*path, "points"),
            "E313",
            "a cloze question's points are the sum of its blanks' points: give `points` per blank",
            at_key=True,
        )
    if question.quotes is not None and question.quotes not in source_ids:
        known = ", ".join(sorted(source_ids)) or "none are defined"
        yield Problem(
            (*path, "quotes"),
            "E400",
            f"no source {question.quotes!r} in this bank"
            f"{did_you_mean(question.quotes, source_ids)} (sources: {known})",
        )


def _check_choices(question: SingleQuestion | MultipleQuestion, path: Path) -> Iterator[Problem]:
    options = question.options
    if len(options) < 2:
        yield Problem((*path, "options"), "E309", "a choice question needs at least two options")
    yield from _repeats(options, (*path, "options"), "E303", "the option")
    if question.type == "single":
        if question.answer not in options:
            yield Problem(
                (*path, "answer"),
                "E302",
                f"the answer {question.answer!r} is not one "
                f"of the options{did_you_mean(question.answer, options)}",
            )
    else:
        if not question.answers:
            yield Problem((*path, "answers"), "E302", "at least one option must be correct")
        for index, answer in enumerate(question.answers):
            if answer not in options:
                yield Problem(
                    (*path, "answers", index),
                    "E302",
                    f"the answer {answer!r} is not "
                    f"one of the options{did_you_mean(answer, options)}",
                )
        yield from _repeats(question.answers, (*path, "answers"), "E303", "the answer")
    for option in question.feedback:
        if option not in options:
            yield Problem(
                (*path, "feedback", option),
                "E308",
                f"feedback for {option!r}, which is not an option{did_you_mean(option, options)}",
                at_key=True,
            )


def check_bank(bank: Bank) -> Iterator[Problem]:
    """Every problem of a bank whose every field has the right type."""
    source_ids = set(bank.sources)
    if not bank.questions:
        yield Problem(("questions",), "E208", "the bank has no questions")
    first: dict[str, int] = {}
    used: set[str] = set()
    for index, question in enumerate(bank.questions):
        path = ("questions", index)
        if question.id in first:
            yield Problem(
                (*path, "id"),
                "E300",
                f"the question id {question.id!r} is already "
                f"used by question {first[question.id] + 1}",
            )
        first.setdefault(question.id, index)
        yield from check_question(question, path, source_ids)
        quotes = getattr(question, "quotes", None)
        if not question.source and quotes is None:
            yield Problem(
                path,
                "W401",
                f"question {question.id!r} has no source excerpt to explain its answer",
            )
        used.update(excerpt.ref for excerpt in question.source)
        if quotes is not None:
            used.add(quotes)
    for source_id in bank.sources:
        if source_id not in used:
            yield Problem(
                ("sources", source_id),
                "W402",
                f"the source {source_id!r} is not cited by any question",
                at_key=True,
            )
