"""The gradebook as an Excel workbook: typed cells, a frozen and filtered header, fitting widths.

A CSV leaves every type to the spreadsheet's guess, and text that starts with `=` has to be
defaced with a `'` to stay text. A workbook says what each cell is: scores are numbers,
`started` and `finished` are dates (in the grader's time zone, which is what a grader reads),
and text is text, whatever it starts with, so no prefix is ever needed.

Rows are written as they come (openpyxl's write-only mode), so a large export costs little
more memory than its table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime, tzinfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from casequiz.grade.tables import Cell, Table

__all__ = ["MAX_TEXT", "SHEET_NAMES", "TIME_COLUMNS", "TIME_FORMAT", "workbook"]

SHEET_NAMES = {"attempt": "Attempts", "question": "Answers", "topic": "Topics"}
TIME_COLUMNS = frozenset({"started", "finished"})
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_TEXT = 32_767
"""The most characters a spreadsheet cell holds; Excel refuses a file with more in one cell."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_WIDTH = 60
_BOLD = Font(bold=True)


def _text(value: str) -> str:
    """Text a cell can hold: no control characters (the format forbids them), not too long."""
    value = _ILLEGAL.sub("\ufffd", value)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def _time(value: str, zone: tzinfo | None) -> datetime | str:
    """An ISO timestamp as a date and time in `zone` (the local zone when None), without a
    zone: spreadsheets have none. Text that is no timestamp stays text."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone).replace(tzinfo=None)
    return moment


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    text = value if isinstance(value, str) else repr(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _sheet(book: Workbook, table: Table, zone: tzinfo | None) -> None:
    sheet: Worksheet = book.create_sheet(SHEET_NAMES[table.by])
    times = {i for i, name in enumerate(table.columns) if name in TIME_COLUMNS}
    rows: list[list[Cell | datetime]] = [
        [_time(v, zone) if i in times and isinstance(v, str) else v for i, v in enumerate(row)]
        for row in table.rows
    ]
    widths = [len(name) for name in table.columns]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width, _MAX_WIDTH) + 2
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"

    def text_cell(value: str) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value)
        made.data_type = "s"  # openpyxl takes text that starts with `=` for a formula
        return made

    def cell(value: Cell | datetime) -> Cell | datetime | WriteOnlyCell:
        # A cell object costs as much as writing it; only the values openpyxl would
        # mistype, and the dates that need their format, get one.
        if isinstance(value, str):
            value = _text(value)
            return text_cell(value) if value.startswith("=") else value
        if isinstance(value, datetime):
            made = WriteOnlyCell(sheet, value)
            made.number_format = TIME_FORMAT
            return made
        return value

    header = []
    for name in table.columns:
        made = text_cell(_text(name))
        made.font = _BOLD
        header.append(made)
    sheet.append(header)
    for row in rows:
        sheet.append([cell(value) for value in row])


def workbook(tables: Sequence[Table], zone: tzinfo | None = None) -> bytes:
    """The `.xlsx` file: a sheet per table, in order; times in `zone` (default: local)."""
    for table in tables:
        if table.neutralised:
            raise ValueError("a table built for CSV holds neutralised text: build it again")
    book = Workbook(write_only=True)
    for table in tables:
        _sheet(book, table, zone)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
