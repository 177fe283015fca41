"""Argument types for the command line: every value is checked while parsing, before any work.

A value out of range must be refused as a usage error (exit 2) before a bank is read or an
attempt is saved; otherwise it surfaces later as an overflow in a date or in SQLite, after
something has been recorded that a later `resume` cannot use.
"""

from __future__ import annotations

import argparse
import re

MAX_TIME_LIMIT_S = 7 * 24 * 3600
"""The longest exam time limit: a week. Anything longer is a typo, and would overflow dates."""

MAX_COUNT = 1_000_000
"""The most questions one command may ask for: far beyond any bank, far below any overflow."""

SEED_BOUND = 2**62
"""Whole-number seeds below this in size are used as they are; SQLite holds 64-bit integers, and
a retry adds one to the seed."""

_NUMBER = r"\d{1,12}(?:\.\d{1,12})?"
_DURATION = re.compile(rf"^(?:({_NUMBER})h)?(?:({_NUMBER})m(?:in)?)?(?:({_NUMBER})s)?$")


def parse_duration(text: str) -> float:
    """Seconds in `20m`, `1h30m`, `90s` or a bare number of minutes; at most a week."""
    value = text.strip().lower()
    if re.fullmatch(_NUMBER, value):
        seconds = float(value) * 60
    else:
        found = _DURATION.fullmatch(value)
        if not value or not found or not any(found.groups()):
            raise argparse.ArgumentTypeError(f"{text!r} is not a duration such as 20m, 1h30m, 90s")
        hours, minutes, secs = (float(g) if g else 0.0 for g in found.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds <= 0:
        raise argparse.ArgumentTypeError("the time limit must be more than zero")
    if seconds > MAX_TIME_LIMIT_S:
        raise argparse.ArgumentTypeError(
            f"{text!r} is longer than the longest time limit, 7 days (168h)"
        )
    return seconds


def parse_seed(text: str) -> int:
    """A seed from any text: a whole number is used as it is, any other text is hashed.

    Teachers name their seeds (`--seed midterm`): the name is hashed with SHA-256, so the same
    name gives the same quiz on every machine and every Python. A whole number keeps giving the
    draws it always gave.
    """
    value = text.strip()
    if re.fullmatch(r"[+-]?\d{1,19}", value) and abs(int(value)) < SEED_BOUND:
        return int(value)
    if not value:
        raise argparse.ArgumentTypeError("the seed is empty: give a number or a word")
    import hashlib  # here: `--help` and every other command need not load OpenSSL

    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:7], "big")


def whole_number(low: int, high: int = MAX_COUNT) -> type[int]:
    """An argparse type for a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        value = text.strip()
        if not re.fullmatch(r"[+-]?\d{1,19}", value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
        number = int(value)
        if number < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, not {number}")
        if number > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}, not {number}")
        return number

    parse.__name__ = "whole number"
    return parse  # type: ignore[return-value]
