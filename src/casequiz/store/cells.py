"""An answer's cells as `casequiz export --by question` writes them in CSV, made when it is stored.

A CSV export of a hundred thousand answers spends most of its time making Python values: the
database hands over ten per row, and `csv.writer` turns them back into text. An answer's own six
cells (topic, response, score, maximum, verdict, seconds) never change once it is stored, so the
store writes them as CSV text beside the answer (`answers.cells`), once, when it saves it; the
export then has SQLite join each attempt's part of a row, each drawn question's and each answer's
into one line (`reportquery.Drawn.lines`).

Each piece is written by `csv.writer` itself (`csv_lines`), and a CSV record is its fields, each
quoted or not by its own content, joined by commas: pieces joined by commas are the record the
writer makes of the whole row. The values are those the store reads back (`stored_real`), so the
text is the one an export made from the columns would write, to the last digit.

The text of a cell is also neutralised for a spreadsheet here (`neutralise`, which `grade.csvsafe`
offers the grader) and a stored response shown as a person reads it (`response_text`): the store
needs both to make the cells, and the layers above take them from here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence

__all__ = [
    "FORMULA_TRIGGERS",
    "answer_cells",
    "csv_lines",
    "neutralise",
    "response_text",
    "stored_real",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet takes for the start of a formula (see `grade.csvsafe`)."""


def neutralise(text: str) -> str:
    """`text`, prefixed with `'` if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


_LITERALS = {"true": "true", "false": "false", "null": ""}


def response_text(raw: str) -> str:
    """A stored response as a spreadsheet cell shows it: text as typed, true/false, and JSON
    text for lists and mappings (the store already holds them as compact JSON)."""
    if raw.startswith('"') and "\\" not in raw:
        return raw[1:-1]
    if raw.startswith(("[", "{")):
        return raw
    if raw in _LITERALS:
        return _LITERALS[raw]
    value = json.loads(raw)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Sink:
    """A file for `csv.writer` that keeps each record it is given: the writer writes a record in
    one call, so each one arrives whole and apart from the others."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def csv_lines(rows: Iterable[Sequence[object]]) -> list[str]:
    """Each row as `csv.writer` writes it in an export (RFC 4180, CRLF), one text per row."""
    lines: list[str] = []
    csv.writer(_Sink(lines), lineterminator="\r\n").writerows(rows)
    return lines


def stored_real(value: float | None) -> float | None:
    """`value` as a REAL column gives it back: a float, zero without a sign, NaN as NULL."""
    if value is None:
        return None
    number = float(value)
    if number != number:
        return None
    return number if number else 0.0


def answer_cells(
    answers: Iterable[tuple[str | None, str, float, float, str, float | None]],
) -> list[str | None]:
    """For each (topic, stored response, score, maximum, status, seconds), its six cells as a
    CSV export writes them, with the line's CRLF; None for an answer without a topic, whose
    topic only the catalog knows when the export is made."""
    rows: list[tuple[object, ...]] = []
    untopical: list[int] = []
    for n, (topic, response, score, max_score, status, seconds) in enumerate(answers):
        if topic is None:
            untopical.append(n)
            topic = ""
        rows.append(
            (
                neutralise(topic),
                neutralise(response_text(response)),
                stored_real(score),
                stored_real(max_score),
                neutralise(status),
                stored_real(seconds),
            )
        )
    cells: list[str | None] = list(csv_lines(rows))
    for n in untopical:
        cells[n] = None
    return cells
