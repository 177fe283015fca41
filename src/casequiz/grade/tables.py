"""The rows of `casequiz export`: by attempt, by question (answer) and by topic.

One `Table` feeds every format, so a CSV, a JSON file and a Markdown report of the same store
always say the same thing. Cells are numbers, text or None (an empty cell, JSON null): never
numbers formatted as text, so a spreadsheet can sum them. An answer's score is exported as the
store holds it; sums keep four decimals and percentages two, enough for any points a bank gives
and short enough to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from casequiz.grade.catalog import Catalog
from casequiz.grade.csvsafe import neutralise
from casequiz.grade.scope import Part
from casequiz.grade.source import GradedAnswer, response_text

__all__ = ["BY", "By", "Cell", "Table", "build", "by_attempt", "by_question", "by_topic"]

Cell = str | int | float | None
By = Literal["attempt", "question", "topic"]
BY: tuple[By, ...] = ("attempt", "question", "topic")

ATTEMPT_COLUMNS = (
    "attempt",
    "student",
    "bank",
    "bank_hash",
    "mode",
    "started",
    "finished",
    "duration_s",
    "score",
    "max",
    "percent",
    "verified",
)
QUESTION_COLUMNS = (
    "attempt",
    "student",
    "bank",
    "question",
    "topic",
    "response",
    "score",
    "max",
    "verdict",
    "seconds",
)
TOPIC_COLUMNS = (
    "student",
    "bank",
    "topic",
    "attempts",
    "questions",
    "answered",
    "score",
    "max",
    "percent",
)
TOPIC_SUFFIX = " (%)"
"""By attempt, each topic's column is its name and this suffix, which no fixed column has."""

UNANSWERED = "unanswered"


@dataclass(frozen=True, slots=True)
class Table:
    """Named columns and rows of cells, in the order they are written."""

    by: By
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    neutralised: bool = False
    """Whether the text cells were built through `csvsafe.neutralise`, for a CSV file; a
    table for JSON or Markdown keeps the text as it is."""

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _score(value: float) -> float:
    return round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


def _percent(score: float, out_of: float) -> float | None:
    return round(100 * score / out_of, 2) + 0.0 if out_of else None


Item = tuple[str, str, str, float, GradedAnswer | None]
"""A drawn question of a part: bank, question, topic, points, and its answer or None. A plain
tuple: an export makes one per answer."""

Text = Callable[[str], str]


def _as_is(text: str) -> str:
    return text


def _items(part: Part, catalog: Catalog) -> list[Item]:
    """The part's drawn questions in the order shown, then any answer outside the plan."""
    answered = {(a.bank, a.question): a for a in part.answers}
    items: list[Item] = []
    for key in part.drawn:
        answer = answered.pop(key, None)
        if answer is not None:
            items.append((key[0], key[1], answer.topic or catalog.topic(key), answer.max, answer))
        else:
            items.append((key[0], key[1], catalog.topic(key), catalog.points(key), None))
    for key, answer in answered.items():
        items.append((key[0], key[1], answer.topic or catalog.topic(key), answer.max, answer))
    return items


def _by_name(topics: set[str]) -> list[str]:
    """Topics by name: the same order whatever the export covers, bank files read or not."""
    return sorted(topics, key=lambda topic: (topic.casefold(), topic))


def by_attempt(parts: Sequence[Part], catalog: Catalog, text: Text = _as_is) -> Table:
    """One row per attempt (or per attempt's part in one bank), with a column per topic."""
    seen: set[str] = set()
    fixed: list[tuple[Cell, ...]] = []
    by_topic: list[dict[str, list[float]]] = []
    for part in parts:
        attempt = part.attempt
        hashes = {b.id: b.hash for b in attempt.banks}
        per_topic: dict[str, list[float]] = {}
        for _bank, _question, topic, out_of, answer in _items(part, catalog):
            seen.add(topic)
            sums = per_topic.setdefault(topic, [0.0, 0.0])
            sums[0] += answer.score if answer else 0.0
            sums[1] += out_of
        duration = attempt.duration
        fixed.append(
            (
                text(attempt.uid),
                text(attempt.student),
                text(part.quiz),
                text("+".join(hashes.get(b, "") for b in part.banks)),
                text(attempt.mode),
                text(attempt.started_at),
                text(attempt.finished_at),
                None if duration is None else round(duration, 1),
                _score(part.score),
                _score(part.max),
                _percent(part.score, part.max),
                "yes" if attempt.verified else "no",
            )
        )
        by_topic.append(per_topic)
    topics = _by_name(seen)
    rows = tuple(
        row + tuple(_percent(*per[t]) if t in per else None for t in topics)
        for row, per in zip(fixed, by_topic, strict=True)
    )
    columns = ATTEMPT_COLUMNS + tuple(topic + TOPIC_SUFFIX for topic in topics)
    return Table("attempt", columns, rows, text is not _as_is)


def by_question(parts: Sequence[Part], catalog: Catalog, text: Text = _as_is) -> Table:
    """One row per drawn question of each attempt: the response as given and its verdict.

    A drawn question left unanswered has a row too (verdict "unanswered", score 0), so the
    rows of an attempt add up to its score and its maximum.
    """
    # A hundred thousand rows is a normal export: the text of a question's cells and of a
    # verdict is made once, not once per row.
    names: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    statuses: dict[str, str] = {}
    unanswered = text(UNANSWERED)
    rows = []
    for part in parts:
        uid, student = text(part.attempt.uid), text(part.attempt.student)
        for bank, question, topic, out_of, answer in _items(part, catalog):
            about = names.get((bank, question, topic))
            if about is None:
                about = names[(bank, question, topic)] = (text(bank), text(question), text(topic))
            if answer is None:
                rows.append((uid, student, *about, None, 0.0, out_of, unanswered, None))
                continue
            status = statuses.get(answer.status)
            if status is None:
                status = statuses[answer.status] = text(answer.status)
            rows.append(
                (
                    uid,
                    student,
                    *about,
                    text(response_text(answer.response)),
                    answer.score,
                    out_of,
                    status,
                    answer.seconds,
                )
            )
    return Table("question", QUESTION_COLUMNS, tuple(rows), text is not _as_is)


def by_topic(parts: Sequence[Part], catalog: Catalog, text: Text = _as_is) -> Table:
    """One row per student, bank and topic, over every attempt exported."""
    names: set[str] = set()
    sums: dict[tuple[str, str, str], list[float]] = {}
    seen: dict[tuple[str, str, str], set[str]] = {}
    for part in parts:
        for bank, _question, topic, out_of, answer in _items(part, catalog):
            names.add(topic)
            key = (part.attempt.student, bank, topic)
            row = sums.setdefault(key, [0, 0, 0.0, 0.0])
            row[0] += 1
            row[1] += answer is not None
            row[2] += answer.score if answer else 0.0
            row[3] += out_of
            seen.setdefault(key, set()).add(part.attempt.uid)
    topics = {topic: i for i, topic in enumerate(_by_name(names))}
    rows = [
        (
            text(student),
            text(bank),
            text(topic),
            len(seen[(student, bank, topic)]),
            int(questions),
            int(answered),
            _score(score),
            _score(out_of),
            _percent(score, out_of),
        )
        for (student, bank, topic), (questions, answered, score, out_of) in sorted(
            sums.items(), key=lambda kv: (kv[0][0], kv[0][1], topics.get(kv[0][2], 0))
        )
    ]
    return Table("topic", TOPIC_COLUMNS, tuple(rows), text is not _as_is)


def build(by: By, parts: Sequence[Part], catalog: Catalog, *, for_csv: bool = False) -> Table:
    """The rows of an export; `for_csv` neutralises their text as it is made (`csvsafe`)."""
    builder = {"attempt": by_attempt, "question": by_question, "topic": by_topic}[by]
    return builder(parts, catalog, neutralise if for_csv else _as_is)
