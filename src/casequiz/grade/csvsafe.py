"""CSV a spreadsheet opens without surprises: RFC 4180, UTF-8, numbers as numbers, no formulas.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
after a tab or a line break; a student who names themselves `=HYPERLINK("http://…")` would
otherwise plant a link, or worse, in the grader's gradebook. Every text cell (headers included)
that starts with one of those characters gets a leading `'`, which spreadsheets show as text.
Numbers are never touched, so a score of -2 stays a number; a text cell "-2" (a student's name,
a typed response) is text and is neutralised like any other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from casequiz.store.cells import FORMULA_TRIGGERS, neutralise

__all__ = ["BOM", "FORMULA_TRIGGERS", "csv_text", "neutralise", "neutralised_cells"]

BOM = "\ufeff"
"""The byte order mark Excel needs to read a CSV file as UTF-8 (`--excel`)."""


_TRIGGERS = frozenset(FORMULA_TRIGGERS)


def neutralised_cells(row: Sequence[object]) -> list[object]:
    # The csv module writes None as an empty cell and a number as its repr, which reads back
    # as the same number; only text needs looking at. This runs for every cell of an export,
    # so `neutralise` is inlined.
    return ["'" + v if isinstance(v, str) and v[:1] in _TRIGGERS else v for v in row]


def csv_text(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    excel: bool = False,
    neutralised: bool = False,
) -> str:
    """The whole CSV document: a header row, then the rows, CRLF line ends (RFC 4180).

    `neutralised` says the rows' text already went through `neutralise` (a table built for
    CSV), which saves a pass over every cell of a large export.
    """
    out = io.StringIO()
    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    writer.writerows(rows if neutralised else map(neutralised_cells, rows))
    return out.getvalue()
