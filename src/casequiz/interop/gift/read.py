"""Read a GIFT file into bank questions, following Moodle's reading of it (`parse`)."""

from __future__ import annotations

from casequiz.interop.from_moodle import NotImported, from_moodle
from casequiz.interop.gift.parse import GiftError, parse
from casequiz.interop.limits import decode, within_time
from casequiz.interop.report import ReadResult


def read(data: bytes, file: str) -> ReadResult:
    """Every question of a GIFT file, imported or reported with its line."""
    result = ReadResult(file)
    text = decode(data, result)
    if text is None:
        return result
    category: str | None = None
    deadline = within_time(result)
    for question in parse(text):
        if not deadline():
            break
        if isinstance(question, GiftError):
            result.skip(question.args[1], f"Moodle cannot read this question: {question.args[0]}")
            continue
        if question.qtype == "category":
            category = question.category
            continue
        question.category = category
        try:
            result.questions.append(from_moodle(question))
        except NotImported as exc:
            result.skip(question.line, str(exc))
    return result
