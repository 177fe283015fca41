"""`casequiz history` as text: the past attempts one per line, or one attempt's review."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from casequiz.plain.render import Painter, citations, result_lines, review_lines, wrap
from casequiz.quiz.attempt import Attempt
from casequiz.quiz.history import Past
from casequiz.quiz.literal import literal


def history_lines(pasts: Sequence[Past], paint: Painter) -> Iterator[str]:
    """`  #12  2025-01-06 09:00 · exam · 3/4 (75%) · Ada`, the banks' titles on the line
    below (wrapped to the width), newest first."""
    if not pasts:
        yield "No finished attempt yet."
        return
    wide = max(len(str(past.record.id)) for past in pasts)
    for past in pasts:
        record = past.record
        number = paint("bold", f"#{record.id:<{wide}}")
        yield f"  {number}  {past.when} · {record.mode} · {past.score} · {literal(record.student)}"
        yield from wrap(past.title, " " * (wide + 5))
    yield ""
    example = pasts[0].record.id
    yield f"Open one for its review: casequiz history NUMBER, e.g. casequiz history {example}"


def review_of(attempt: Attempt, paint: Painter) -> Iterator[str]:
    """The attempt's score, a line per topic and question, then every question's feedback."""
    when = attempt.started_at.strftime("%Y-%m-%d %H:%M") if attempt.started_at else ""
    yield paint("bold", f"{attempt.mode.value.capitalize()} · {literal(attempt.student)} · {when}")
    yield from result_lines(attempt, attempt.result(), paint)
    yield from review_lines(attempt, paint, citations(attempt))
