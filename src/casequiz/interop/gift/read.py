"""Read a GIFT file into bank questions, following Moodle's reading of it (`parse`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from casequiz.interop.from_moodle import import_all
from casequiz.interop.gift.parse import GiftError, parse
from casequiz.interop.limits import decode, within_time
from casequiz.interop.moodle import MoodleQuestion
from casequiz.interop.report import ReadResult


def read(data: bytes, file: str) -> ReadResult:
    """Every question of a GIFT file, imported or reported with its line."""
    result = ReadResult(file)
    text = decode(data, result)
    if text is None:
        return result
    import_all(result, _readable(parse(text), result), within_time(result))
    return result


def _readable(
    parsed: Iterable[MoodleQuestion | GiftError], result: ReadResult
) -> Iterator[MoodleQuestion]:
    """The questions Moodle can read; the others reported at their line as Moodle would."""
    for question in parsed:
        if isinstance(question, GiftError):
            result.skip(question.args[1], f"Moodle cannot read this question: {question.args[0]}")
        else:
            yield question
