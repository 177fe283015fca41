"""Bounds for files from outside: size (the bank loader's), element depth, count and time, so
that no file makes an import hang or take all memory."""

from __future__ import annotations

import time
from collections.abc import Callable

from casequiz.bank.limits import MAX_BYTES, too_large
from casequiz.interop.report import ReadResult

MAX_QUESTIONS = 50_000
"""More questions than any course bank holds; a file with more is refused past this."""

MAX_DEPTH = 32
"""Moodle XML nests six or seven elements deep."""

MAX_SECONDS = 60.0
"""A 10,000-question file reads in about a second; past this the reader stops and says so."""


def decode(data: bytes, result: ReadResult) -> str | None:
    """The file's text (UTF-8, a BOM allowed); None with `result.error` set when it is not."""
    if len(data) > MAX_BYTES:
        result.error = too_large(len(data))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.error = f"line {line}: the file is not UTF-8 text; save it as UTF-8"
        return None


def within_time(result: ReadResult) -> Callable[[], bool]:
    """A check to call once per question: False (with `result.error` set) past the limits."""
    start = time.monotonic()
    count = 0

    def check() -> bool:
        nonlocal count
        count += 1
        if count > MAX_QUESTIONS:
            result.error = f"more than {MAX_QUESTIONS} questions: split the file"
            return False
        if time.monotonic() - start > MAX_SECONDS:
            result.error = f"reading took over {MAX_SECONDS:.0f} s: split the file"
            return False
        return True

    return check
