"""`export` and `stats` stream from PostgreSQL as from SQLite, and say the same to the byte.

The same attempts are copied into an SQLite file and a PostgreSQL schema; every report is run on
both and their outputs compared. On PostgreSQL the rows come through named (server-side)
cursors inside one read transaction, which ends when the report does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from backends import drop_schema, fresh_schema_name, in_schema, require_server
from casequiz.grade.export import ExportOptions, export_rows
from casequiz.grade.storestats import analyse_any
from casequiz.store.base import open_store
from casequiz.store.copy import copy_store
from casequiz.store.db import Store
from test_grade_stream import stores
from test_grade_support import cli, fill, record

pytestmark = pytest.mark.usefixtures("env")

REPORTS = (
    ("export", "--by", "question", "--format", "csv"),
    ("export", "--by", "question", "--format", "csv", "--excel"),
    ("export", "--by", "question", "--format", "json"),
    ("export", "--by", "question", "--format", "md"),
    ("export", "--by", "question", "--format", "csv", "--attempts", "best"),
    ("export", "--by", "question", "--format", "csv", "--bank", "extra"),
    ("export", "--by", "question", "--format", "csv", "--student", "=cy"),
    ("export", "--format", "csv"),
    ("export", "--by", "topic", "--format", "csv"),
    ("stats",),
    ("stats", "--attempts", "last"),
    ("stats", "--format", "json"),
)


@contextmanager
def schema() -> Iterator[str]:
    server = require_server()
    name = fresh_schema_name()
    try:
        yield in_schema(server, name)
    finally:
        drop_schema(server, name)


def outputs(capsys: pytest.CaptureFixture[str], location: str | Path) -> list[tuple[int, str]]:
    found = []
    for argv in REPORTS:
        code, out, _ = cli(capsys, location, *argv)  # type: ignore[arg-type]
        found.append((code, out))
    return found


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=stores())
def test_every_report_says_the_same_from_both_back_ends(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], records: list
) -> None:
    db = fill(tmp_path_factory.mktemp("reports") / "results.db", records)
    with schema() as url:
        with Store(db) as source, open_store(url) as destination:
            copy_store(source, destination)
        on_sqlite, on_postgres = outputs(capsys, db), outputs(capsys, url)
    for argv, a, b in zip(REPORTS, on_sqlite, on_postgres, strict=True):
        assert a == b, argv
    assert any(code == 0 and out for code, out in on_sqlite)


def _answered(n: int) -> list:
    marks = {f"q{i}": (float(i % 2), 1.0) for i in range(4)}
    return [
        record(
            f"s{k}",
            marks,
            started=f"2026-03-02T09:{k:02d}:00.000+00:00",
            responses={"q0": "=SUM(A1)", "q1": 'a "quoted"\\ word', "q2": ["x", 1]},
        )
        for k in range(n)
    ]


def _open_cursors(store: object) -> list[str]:
    rows = store.conn.execute("SELECT name FROM pg_cursors").fetchall()  # type: ignore[attr-defined]
    return [row[0] for row in rows]


def test_an_export_reads_through_a_named_cursor_and_ends_its_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psycopg.pq import TransactionStatus

    import casequiz.store.pg_reportquery as pg

    monkeypatch.setattr(pg, "STREAM_BATCH", 3)
    with schema() as url, open_store(url) as store:
        for item in _answered(5):
            store.import_attempt(item)

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the report was read into memory")

        monkeypatch.setattr(type(store), "report_rows", refuse)
        rows = export_rows(store, ExportOptions(by="question"), for_csv=True)
        assert rows is not None
        first = next(rows.rows)
        assert first[0] == store.attempts().__next__().uid
        assert any(name.startswith("casequiz_report_") for name in _open_cursors(store))
        with pytest.raises(RuntimeError, match="still being read"):  # it would not commit
            store.save_progress(1, position=3)
        rest = list(rows.rows)
        assert len(rest) == 5 * 4 - 1
        assert store.conn.raw.info.transaction_status == TransactionStatus.IDLE
        assert not _open_cursors(store)
        assert analyse_any(store, ExportOptions())  # stats: two cursors side by side
        assert store.conn.raw.info.transaction_status == TransactionStatus.IDLE
        store.save_progress(1, position=2)  # a write afterwards commits as ever
    with schema() as other, open_store(other) as empty:
        assert export_rows(empty, ExportOptions(by="question")) is None


def test_a_text_cell_that_looks_like_a_formula_is_neutralised_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fill(tmp_path / "results.db", _answered(2))
    with schema() as url:
        with Store(db) as source, open_store(url) as destination:
            copy_store(source, destination)
        on_sqlite, on_postgres = outputs(capsys, db), outputs(capsys, url)
    assert on_sqlite == on_postgres
    csv_text = on_sqlite[0][1]
    assert "'=SUM(A1)" in csv_text and 'a ""quoted""\\ word' in csv_text


def test_every_report_query_has_its_postgresql_twin() -> None:
    """A query added to `reportquery` without `@each_back_end` and a twin would send SQLite's
    SQL to PostgreSQL."""
    import inspect

    import casequiz.store.pg_reportquery as pg
    import casequiz.store.reportquery as reportquery

    queries = [
        name
        for name, value in vars(reportquery).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and list(inspect.signature(value).parameters)[:1] == ["conn"]
    ]
    assert "by_question_rows" in queries and "answer_rows" in queries
    for name in queries:
        assert hasattr(getattr(reportquery, name), "__wrapped__"), f"{name} is not @each_back_end"
        twin = getattr(pg, name, None)
        assert callable(twin), f"pg_reportquery has no {name}"
        assert list(inspect.signature(twin).parameters) == list(
            inspect.signature(getattr(reportquery, name)).parameters
        ), name
    assert callable(pg.Drawn)
