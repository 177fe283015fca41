"""Properties of exported CSV for any names, topics, responses and scores.

Every export is parsed back with the `csv` module: numbers come back as the same numbers, text
comes back as written (behind a `'` where a spreadsheet would have run it), and no text cell,
header included, starts with a formula trigger.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.grade.csvsafe import csv_text, neutralise
from casequiz.grade.export import ExportOptions, export_table, render
from casequiz.store.db import Store
from test_grade_support import record

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet may run as a formula: stated here, not imported, so the test checks it."""
NASTY = st.sampled_from(
    [
        '=HYPERLINK("http://x","y")',
        "+1",
        "-2",
        "@a",
        "\tx",
        "\rx",
        "\nx",
        "=1+1",
        "-",
        "'=1",
        "a,b",
        'say "hi"',
        "line\nbreak",
        "",
        " =padded",
    ]
)
TEXT = NASTY | st.text(max_size=12)
NUMBER = st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
CELL = st.none() | TEXT | NUMBER


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _check_cell(parsed: str, value: object) -> None:
    if value is None:
        assert parsed == ""
    elif isinstance(value, str):
        assert not parsed.startswith(TRIGGERS), parsed
        assert parsed == neutralise(value)
        assert parsed == value or parsed == "'" + value
    else:
        assert not parsed.startswith("'")
        assert float(parsed) == float(value)  # the very same number
        if isinstance(value, int):
            assert int(parsed) == value


@given(
    st.lists(TEXT, min_size=1, max_size=5, unique=True).flatmap(
        lambda columns: st.tuples(
            st.just(columns),
            st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), max_size=8),
        )
    ),
    st.booleans(),
)
def test_csv_round_trips_numbers_and_neutralises_text(
    table: tuple[list[str], list[list[object]]], excel: bool
) -> None:
    columns, rows = table
    text = csv_text(columns, rows, excel=excel)
    assert text.startswith("\ufeff") == excel
    parsed = _parse(text.removeprefix("\ufeff"))
    assert len(parsed) == 1 + len(rows)
    for cell, column in zip(parsed[0], columns, strict=True):
        _check_cell(cell, column)
    for got, row in zip(parsed[1:], rows, strict=True):
        for cell, value in zip(got, row, strict=True):
            _check_cell(cell, value)


RESPONSE = (
    TEXT | st.lists(TEXT, max_size=3) | st.dictionaries(TEXT, TEXT, max_size=2) | st.booleans()
)


@st.composite
def stores(draw: st.DrawFn) -> list[object]:
    records = []
    for _ in range(draw(st.integers(1, 4))):
        questions = draw(
            st.lists(st.sampled_from(["q1", "q2", "q3"]), min_size=1, max_size=3, unique=True)
        )
        marks = {}
        for q in questions:
            out_of = draw(st.sampled_from([1.0, 2.0, 0.5, 3.0]))
            marks[q] = draw(st.none() | st.floats(0.0, 1.0).map(lambda f, m=out_of: (f * m, m)))
        records.append(
            record(
                draw(TEXT.filter(lambda s: "\x00" not in s)),
                marks,
                topics={q: draw(TEXT) for q in questions},
                responses={q: draw(RESPONSE) for q in questions},
            )
        )
    return records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores(), st.sampled_from(["attempt", "question", "topic"]), st.booleans())
def test_exports_of_any_store_round_trip(records: list[object], by: str, for_csv: bool) -> None:
    """Whether the text is neutralised as the rows are built (`for_csv`, what `export` does)
    or as they are written, the CSV reads back as the plain table's cells."""
    with Store(":memory:") as store:
        for item in records:
            store.import_attempt(item)  # type: ignore[arg-type]
        options = ExportOptions(by=by)  # type: ignore[arg-type]
        plain = export_table(store, options)
        written = export_table(store, options, for_csv=for_csv)
    assert plain is not None and written is not None
    parsed = _parse(render(written, "csv"))
    for cell, column in zip(parsed[0], plain.columns, strict=True):
        _check_cell(cell, column)
    assert len(parsed) == 1 + len(plain.rows)
    for got, row in zip(parsed[1:], plain.rows, strict=True):
        for cell, value in zip(got, row, strict=True):
            _check_cell(cell, value)
