"""The rows of `casequiz export`: by attempt, by question (answer) and by topic.

One `Table` feeds every format, so a CSV, a JSON file and a Markdown report of the same store
always say the same thing. Cells are numbers, text or None (an empty cell, JSON null): never
numbers formatted as text, so a spreadsheet can sum them. Scores keep four decimals and
percentages two, enough for any points a bank gives and short enough to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from casequiz.grade.catalog import Catalog
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

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _score(value: float) -> float:
    return round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


def _percent(score: float, out_of: float) -> float | None:
    return round(100 * score / out_of, 2) + 0.0 if out_of else None


@dataclass(frozen=True, slots=True)
class _Item:
    """A drawn question of a part, answered or not."""

    bank: str
    question: str
    topic: str
    max: float
    answer: GradedAnswer | None


def _items(part: Part, catalog: Catalog) -> list[_Item]:
    answered = {(a.bank, a.question): a for a in part.answers}
    keys = list(dict.fromkeys([*part.drawn, *answered]))
    items = []
    for key in keys:
        answer = answered.get(key)
        topic = (answer.topic if answer else None) or catalog.topic(key)
        out_of = answer.max if answer else catalog.points(key)
        items.append(_Item(key[0], key[1], topic, out_of, answer))
    return items


class _TopicOrder:
    """Collects topics as they are met and lists them in their banks' order (else by name)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._ranks: dict[str, dict[str, int]] = {}
        self._best: dict[str, tuple[str, int]] = {}

    def add(self, item: _Item) -> None:
        ranks = self._ranks.get(item.bank)
        if ranks is None:
            info = self._catalog.banks.get(item.bank)
            ranks = {qid: i for i, qid in enumerate(info.order if info else ())}
            self._ranks[item.bank] = ranks
        rank = (item.bank, ranks.get(item.question, len(ranks)))
        held = self._best.get(item.topic)
        if held is None or rank < held:
            self._best[item.topic] = rank

    def topics(self) -> list[str]:
        return sorted(self._best, key=lambda topic: (self._best[topic], topic))


def by_attempt(parts: Sequence[Part], catalog: Catalog) -> Table:
    """One row per attempt (or per attempt's part in one bank), with a column per topic."""
    order = _TopicOrder(catalog)
    fixed: list[tuple[Cell, ...]] = []
    by_topic: list[dict[str, list[float]]] = []
    for part in parts:
        attempt = part.attempt
        hashes = {b.id: b.hash for b in attempt.banks}
        per_topic: dict[str, list[float]] = {}
        for item in _items(part, catalog):
            order.add(item)
            sums = per_topic.setdefault(item.topic, [0.0, 0.0])
            sums[0] += item.answer.score if item.answer else 0.0
            sums[1] += item.max
        duration = attempt.duration
        fixed.append(
            (
                attempt.uid,
                attempt.student,
                part.quiz,
                "+".join(hashes.get(b, "") for b in part.banks),
                attempt.mode,
                attempt.started_at,
                attempt.finished_at,
                None if duration is None else round(duration, 1),
                _score(part.score),
                _score(part.max),
                _percent(part.score, part.max),
            )
        )
        by_topic.append(per_topic)
    topics = order.topics()
    rows = tuple(
        row + tuple(_percent(*per[t]) if t in per else None for t in topics)
        for row, per in zip(fixed, by_topic, strict=True)
    )
    columns = ATTEMPT_COLUMNS + tuple(topic + TOPIC_SUFFIX for topic in topics)
    return Table("attempt", columns, rows)


def by_question(parts: Sequence[Part], catalog: Catalog) -> Table:
    """One row per drawn question of each attempt: the response as given and its verdict.

    A drawn question left unanswered has a row too (verdict "unanswered", score 0), so the
    rows of an attempt add up to its score and its maximum.
    """
    rows = []
    for part in parts:
        attempt = part.attempt
        for item in _items(part, catalog):
            answer = item.answer
            rows.append(
                (
                    attempt.uid,
                    attempt.student,
                    item.bank,
                    item.question,
                    item.topic,
                    response_text(answer.response) if answer else None,
                    _score(answer.score) if answer else 0.0,
                    _score(item.max),
                    answer.status if answer else UNANSWERED,
                    None if answer is None or answer.seconds is None else round(answer.seconds, 1),
                )
            )
    return Table("question", QUESTION_COLUMNS, tuple(rows))


def by_topic(parts: Sequence[Part], catalog: Catalog) -> Table:
    """One row per student, bank and topic, over every attempt exported."""
    order = _TopicOrder(catalog)
    sums: dict[tuple[str, str, str], list[float]] = {}
    seen: dict[tuple[str, str, str], set[str]] = {}
    for part in parts:
        for item in _items(part, catalog):
            order.add(item)
            key = (part.attempt.student, item.bank, item.topic)
            row = sums.setdefault(key, [0, 0, 0.0, 0.0])
            row[0] += 1
            row[1] += item.answer is not None
            row[2] += item.answer.score if item.answer else 0.0
            row[3] += item.max
            seen.setdefault(key, set()).add(part.attempt.uid)
    topics = {topic: i for i, topic in enumerate(order.topics())}
    rows = [
        (
            student,
            bank,
            topic,
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
    return Table("topic", TOPIC_COLUMNS, tuple(rows))


def build(by: By, parts: Sequence[Part], catalog: Catalog) -> Table:
    return {"attempt": by_attempt, "question": by_question, "topic": by_topic}[by](parts, catalog)
