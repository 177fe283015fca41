"""Sums over counted values: Moodle's statistics from how often each mark occurs, exactly.

A report over a hundred thousand attempts should not hold a hundred thousand marks per
question. Marks and totals take few distinct values (a question's marks are fractions of its
points; totals are sums of them), so each statistic is computed from each distinct value and
how many times it occurs. The sums are exact and rounded once, which is what `math.fsum` of
the repeated values returns: every figure is the same, to the last bit, as summing the full
lists would give.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, repeat, starmap
from operator import itemgetter

__all__ = ["deviations_of", "exact_sum", "median_of", "paired_sorted", "ratio_sum"]

Counts = Mapping[float, int]
"""A value and how many times it occurs."""


def exact_sum(counted: Iterable[tuple[float, int]]) -> float:
    """`math.fsum` of each value repeated its count times (counts are not negative).

    Where the counts are small, `fsum` of the values repeated is quickest (it runs in C);
    otherwise, or if `fsum` overflows on the way, `ratio_sum` adds them without repeating.
    """
    items = counted if isinstance(counted, list) else list(counted)
    counts = list(map(itemgetter(1), items))
    if sum(counts) <= _REPEATED * (len(items) + 1) and (not counts or min(counts) >= 0):
        try:
            found = math.fsum(chain.from_iterable(starmap(repeat, items)))
        except OverflowError:
            found = math.inf
        if math.isfinite(found):
            return found
    return ratio_sum(items)


_REPEATED = 16
"""How many times, on average, `exact_sum` repeats each value rather than keep ratios."""


def ratio_sum(counted: Iterable[tuple[float, int]]) -> float:
    """`math.fsum` of each value repeated its count times, without repeating it.

    Each float is an integer over a power of two, so the sum is kept as one integer over the
    largest such power, exactly, and divided once: Python's integer division to a float is
    correctly rounded, as `fsum` is.
    """
    total = 0
    shift = 0  # the sum is total / 2**shift
    for value, count in counted:
        numerator, denominator = value.as_integer_ratio()
        bits = denominator.bit_length() - 1
        if bits > shift:
            total <<= bits - shift
            shift = bits
        total += (numerator * count) << (shift - bits)
    return total / (1 << shift)


def deviations_of(counts: Counts) -> dict[float, float]:
    """Each value minus the mean (`teststats.deviations`), exact zeros for constant data."""
    if len(counts) <= 1:
        return dict.fromkeys(counts, 0.0)
    mean = exact_sum(counts.items()) / sum(counts.values())
    return {value: value - mean for value in counts}


def median_of(counts: Counts) -> float:
    """`statistics.median` of the values repeated their counts (at least one value)."""
    n = sum(counts.values())
    wanted = (n // 2,) if n % 2 else (n // 2 - 1, n // 2)
    found: list[float] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < len(wanted) and wanted[len(found)] < seen:
            found.append(value)
        if len(found) == len(wanted):
            break
    return found[0] if n % 2 else (found[0] + found[1]) / 2


def paired_sorted(
    first: Iterable[tuple[float, int]], second: Iterable[tuple[float, int]]
) -> Iterator[tuple[float, int]]:
    """The products of two equally long lists both sorted ascending, as (product, count):
    `map(mul, sorted(a), sorted(b))` for lists given as counted values."""
    left = sorted(first)
    right = sorted(second)
    i = j = 0
    left_rest = left[0][1] if left else 0
    right_rest = right[0][1] if right else 0
    while i < len(left) and j < len(right):
        step = min(left_rest, right_rest)
        if step:
            yield left[i][0] * right[j][0], step
        left_rest -= step
        right_rest -= step
        if not left_rest:
            i += 1
            left_rest = left[i][1] if i < len(left) else 0
        if not right_rest:
            j += 1
            right_rest = right[j][1] if j < len(right) else 0
