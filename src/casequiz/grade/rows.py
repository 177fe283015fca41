"""An export's rows as one pass from the store's cursor, for writers that stream them.

`casequiz export --by question` writes one row per drawn question of every attempt: a hundred
thousand rows for a thousand attempts of a hundred questions. The store's query already joins
each plan with its answers, orders the rows and makes each cell (`store.reportquery`), so here
a row is touched only when the store cannot fill it alone: a question left unanswered, or an
answer without a topic, takes its topic and points from the catalog, which is read once, the
first time such a row comes by. Memory is that of the catalog, whatever the number of attempts.

`Rows` is what every writer consumes (CSV, JSON, Markdown, and any gradebook format): the
columns, and the rows as an iterator that can be read once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from casequiz.grade.catalog import DEFAULT_POINTS, Catalog, catalog_from, find_summaries_of
from casequiz.grade.csvsafe import neutralise
from casequiz.grade.source import BankRef, _banks
from casequiz.grade.tables import QUESTION_COLUMNS, UNANSWERED, By, Cell

if TYPE_CHECKING:
    from pathlib import Path

    from casequiz.store.db import Store
    from casequiz.store.reportquery import ReportFilter

__all__ = [
    "Rows",
    "known_banks",
    "question_rows",
    "recorded_banks",
    "store_catalog",
    "write_csv",
]

Row = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Rows:
    """Named columns and an iterator over the rows, in the order they are written."""

    by: By
    columns: tuple[str, ...]
    rows: Iterator[Row]
    neutralised: bool = False
    """Whether the text cells are already neutralised for a CSV file (`csvsafe`)."""
    size: int | None = None
    """How many rows there are, when that is known before they are read."""
    lines: Iterator[str] | None = None
    """The rows already written as CSV lines (`store.cells`), in place of `rows`."""


def recorded_banks(store: Store, where: ReportFilter) -> list[BankRef]:
    """The banks the attempts recorded, in start order (a run of equal lists read once)."""
    from casequiz.store.reportquery import bank_refs

    return [ref for raw in bank_refs(store.conn, where) for ref in _banks(json.loads(raw))]


def known_banks(store: Store, where: ReportFilter) -> list[str] | None:
    """Every bank the attempts drew from (`export.bank_ids`), sorted; None when no finished
    attempt matches."""
    from casequiz.store.reportquery import any_attempt, drawn_banks

    if not any_attempt(store.conn, where):
        return None
    return sorted({b.id for b in recorded_banks(store, where)} | drawn_banks(store.conn, where))


def store_catalog(
    store: Store,
    where: ReportFilter,
    bank_paths: tuple[Path, ...] = (),
    *,
    banks: bool | None = None,
    invalid: dict[str, str] | None = None,
    drawn_only: bool = False,
    asked_only: bool = False,
    answered: bool = True,
) -> Catalog:
    """`export._catalog`, `analysis`'s catalog, read from the store: what the latest answers
    say, and the bank files when `banks` (None: only when a drawn question no one answered
    needs its topic and points). With `drawn_only` the catalog need only be right about the
    drawn questions (the answers are then read only until each has been met); with
    `asked_only` and `banks`, about the questions drawn or answered (the answers are read
    only for those the banks found do not cover); without `answered`, about the questions
    drawn (the same where every answer is one of its attempt's drawn questions)."""
    from casequiz.grade.catalog import covered
    from casequiz.store.reportquery import answered_keys, drawn_keys, latest_facts

    refs = recorded_banks(store, where)
    if banks and asked_only:
        loaded = find_summaries_of(refs, bank_paths, invalid)
        asked = drawn_keys(store.conn, where)
        if answered:
            asked |= answered_keys(store.conn, where)
        wanted = asked - covered(refs, loaded)
        facts = latest_facts(store.conn, where, wanted) if wanted else {}
        return catalog_from(refs, facts, loaded, invalid)
    drawn = drawn_keys(store.conn, where) if banks is None else set()
    facts = latest_facts(store.conn, where, drawn if drawn_only and banks is None else None)
    if banks is None:
        banks = not drawn <= facts.keys()
    loaded = find_summaries_of(refs, bank_paths, invalid) if banks else []
    return catalog_from(refs, facts, loaded, invalid)


def question_rows(
    store: Store,
    where: ReportFilter,
    catalog: Callable[..., Catalog],
    *,
    bank: str | None = None,
    for_csv: bool = False,
    lines: bool = False,
) -> Rows:
    """The rows of `export --by question` (`tables.by_question`), streamed; with `lines` (and
    `for_csv`), as CSV lines where the store keeps every answer's cells."""
    from casequiz.store.reportquery import Drawn, by_question_rows, misplaced_answers

    text: Callable[[str], str] = neutralise if for_csv else _as_is
    drawn = Drawn(store.conn, where, for_csv=for_csv)
    try:
        answers, untopical, misplaced_count = drawn.answers(bank)
        if not misplaced_count and drawn.regular():
            size = drawn.size(bank)
            if size > answers or untopical:  # some row takes its topic and points from the catalog
                known = catalog(drawn_only=True)
                drawn.fill(_shown(known, drawn.cells(), text))
            unanswered = text(UNANSWERED)
            made = drawn.lines(bank, unanswered=unanswered) if lines and for_csv else None
            if made is not None:
                return Rows("question", QUESTION_COLUMNS, iter(()), True, size, made)
            rows = drawn.rows(bank, for_csv=for_csv, unanswered=unanswered)
            return Rows("question", QUESTION_COLUMNS, rows, for_csv, size)
    except BaseException:
        drawn.drop()
        raise
    drawn.drop()
    misplaced = misplaced_answers(store.conn, where, bank=bank, for_csv=for_csv)
    rows: Iterable[Row]
    if misplaced:
        rows = _with_misplaced(
            by_question_rows(store.conn, where, bank=bank, for_csv=for_csv, with_id=True),
            misplaced,
        )
    else:
        rows = by_question_rows(store.conn, where, bank=bank, for_csv=for_csv)
    return Rows("question", QUESTION_COLUMNS, _filled(rows, catalog, text), for_csv)


def _as_is(text: str) -> str:
    return text


def _with_misplaced(rows: Iterable[Row], misplaced: list[Row]) -> Iterator[Row]:
    """Each attempt's drawn questions, then its answers that no slot of its plan names."""
    after: dict[Cell, list[Row]] = {}
    for row in misplaced:
        after.setdefault(row[0], []).append(row[1:])
    current: Cell = None
    for row in rows:
        if row[0] != current:
            yield from after.pop(current, ())
            current = row[0]
        yield row[1:]
    yield from after.pop(current, ())
    for left in after.values():  # attempts whose every answer is misplaced, or with no plan
        yield from left


def _shown(
    known: Catalog, cells: list[tuple[str, str]], text: Callable[[str], str]
) -> list[tuple[str, float, str, str]]:
    """(topic, points, bank, question) of each drawn question, as a row without an answer
    or without a topic shows them (`_filled`)."""
    shown = {
        (text(b), text(q)): (text(known.topic((b, q))), known.points((b, q)))
        for b, q in known.questions
    }
    default = (text("General"), DEFAULT_POINTS)
    return [(*(shown.get((b, q)) or default), b, q) for b, q in cells]


def _filled(
    rows: Iterable[Row], catalog: Callable[..., Catalog], text: Callable[[str], str]
) -> Iterator[Row]:
    """The rows, with the catalog's topic and points where the store has none."""
    known: Catalog | None = None
    shown: dict[tuple[Cell, Cell], tuple[str, float]] = {}
    unanswered = text(UNANSWERED)
    for row in rows:
        if row[4] is None:
            if known is None:
                known = catalog()
                shown = {
                    (text(b), text(q)): (text(known.topic((b, q))), known.points((b, q)))
                    for b, q in known.questions
                }
            topic, points = shown.get((row[2], row[3])) or (text("General"), DEFAULT_POINTS)
            if row[8] is None:  # unanswered
                row = (*row[:4], topic, None, 0.0, points, unanswered, None)
            else:
                row = (*row[:4], topic, *row[5:])
        yield row


def write_csv(rows: Rows, out: IO[str], *, excel: bool = False) -> int:
    """The rows as CSV (`csvsafe.csv_text`'s document) into `out`, one pass; returns how many
    rows were written. `out` is opened with `newline=""`."""
    import csv

    from casequiz.grade.csvsafe import BOM, neutralise, neutralised_cells

    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in rows.columns])
    write: Callable[[Iterable[Any]], object]
    body: Iterable[Any]
    if rows.lines is not None:  # already CSV text (`store.cells`): written as it comes
        write, body = out.writelines, rows.lines
    else:
        write = writer.writerows
        body = rows.rows if rows.neutralised else map(neutralised_cells, rows.rows)
    if rows.size is not None:  # counted already: the cursor goes straight to the writer
        write(body)
        return rows.size
    counted = _Counted(body)
    write(counted)
    return counted.count


class _Counted:
    """An iterator that counts what it gives, at the cost of one call per row."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._rows = iter(rows)
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Row:
        row = next(self._rows)
        self.count += 1
        return row
