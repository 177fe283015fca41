"""What only the PostgreSQL store does: its schema version table, refusing a stranger's tables,
streaming through a server-side cursor, and one clear line when the server will not have us."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from backends import drop_schema, fresh_schema_name, in_schema, require_server
from casequiz.store.base import (
    StoreError,
    StoreRefused,
    is_database_failure,
    open_store,
    redacted,
)
from casequiz.store.postgres import PgStore
from casequiz.store.schema import MIGRATIONS, SCHEMA_VERSION, postgres_migration
from cli_support import run
from test_store import answer, attempt

pytestmark = pytest.mark.usefixtures("env")


@pytest.fixture
def url() -> Iterator[str]:
    """A fresh, empty schema of the test server."""
    server = require_server()
    schema = fresh_schema_name()
    yield in_schema(server, schema)
    drop_schema(server, schema)


def sql(url: str, statement: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def test_a_new_store_records_its_version(url: str) -> None:
    with open_store(url) as store:
        assert isinstance(store, PgStore)
    assert sql(url, "SELECT version FROM casequiz_schema") == [(SCHEMA_VERSION,)]
    assert sql(url, "SHOW synchronous_commit") == [("on",)]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_older_store_is_migrated_and_keeps_its_data(url: str, version: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("CREATE TABLE casequiz_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO casequiz_schema VALUES (%s)", (version,))
        for script in MIGRATIONS[:version]:
            for statement in postgres_migration(script).split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute("INSERT INTO students(name) VALUES ('kept')")
    with open_store(url) as store:
        assert store.students() == ["kept"]
    assert sql(url, "SELECT version FROM casequiz_schema") == [(SCHEMA_VERSION,)]


def test_a_store_from_a_newer_casequiz_is_refused_untouched(url: str) -> None:
    with open_store(url):
        pass
    sql(url, f"UPDATE casequiz_schema SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer casequiz"):
        open_store(url)
    assert sql(url, "SELECT version FROM casequiz_schema") == [(SCHEMA_VERSION + 1,)]


def test_another_programs_tables_are_refused_untouched(url: str) -> None:
    sql(url, "CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a casequiz results store"):
        open_store(url)
    tables = sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    assert tables == [("invoices",)]


def test_a_migration_failing_half_way_leaves_nothing_behind(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casequiz.store.postgres as postgres

    broken = (*MIGRATIONS, "CREATE TABLE extra (id INTEGER); SELECT no_such_function()")
    monkeypatch.setattr(postgres, "MIGRATIONS", broken)
    monkeypatch.setattr(postgres, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError, match="no_such_function"):
        open_store(url)
    assert sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()") == []


def test_reports_stream_through_a_server_side_cursor(url: str) -> None:
    with open_store(url) as store:
        for n in range(5):
            store.import_attempt(attempt(f"u{n}", finished=True, answers=2))
        rows = store._stream("SELECT uid FROM attempts ORDER BY uid")
        assert next(rows) == ("u0",)
        cursors = store.conn.execute("SELECT name FROM pg_cursors").fetchall()
        assert [c[0] for c in cursors if c[0].startswith("casequiz_stream_")]
        assert list(rows) == [(f"u{n}",) for n in range(1, 5)]
        attempts, answers = store.report_rows()
        assert len(attempts) == 5 and len(answers) == 10


def test_a_password_never_shows(url: str) -> None:
    assert redacted("postgresql://kim:s3cret@db.example/q") == "postgresql://kim:***@db.example/q"
    assert redacted("postgresql://kim@db.example/q") == "postgresql://kim@db.example/q"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda u: _with(u, user="casequiz_nobody:wrong-s3cret"), "casequiz_nobody"),
        (lambda u: _with(u, database="casequiz_no_such_db"), "does not exist"),
        (lambda u: "postgresql://kim:s3cret@127.0.0.1:1/x", "refused"),
    ],
    ids=["bad-credentials", "missing-database", "unreachable"],
)
def test_a_server_that_will_not_have_us_is_one_line_and_exit_1(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, change: object, reason: str
) -> None:
    target = change(require_server())  # type: ignore[operator]
    bank = Path(__file__).parent / "data" / "engine" / "singles.yaml"
    for args in (
        ["--db", target, "stats"],
        ["--db", target, "results", "import", str(bank)],
        ["store", "copy", target, str(tmp_path / "x.db")],
    ):
        code, out, err = run(capsys, *args)
        assert code == 1, (args, err)
        assert err.count("\n") == 1 and reason in err, err
        assert "s3cret" not in out + err


def _with(url: str, *, user: str | None = None, database: str | None = None) -> str:
    """The server's URL with another user (and password) or database."""
    parts = urlsplit(url)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.rpartition('@')[2]}"
    path = parts.path if database is None else f"/{database}"
    return urlunsplit(parts._replace(netloc=netloc, path=path))


def test_a_lost_connection_is_a_store_error_and_earlier_answers_stay(url: str) -> None:
    store = open_store(url)
    attempt_id = store.create_attempt(attempt())
    store.save_answer(attempt_id, answer(0))
    pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    sql(url, f"SELECT pg_terminate_backend({pid})")
    with pytest.raises(StoreError) as caught:
        store.save_answer(attempt_id, answer(1))
    assert is_database_failure(caught.value) and "\n" not in str(caught.value)
    store.close()
    with open_store(url) as again:
        record = again.attempt(attempt_id)
        assert record is not None and [a.slot for a in record.answers] == [0]


def test_text_postgresql_cannot_hold_is_refused_in_one_line_and_nothing_is_half_written(
    url: str,
) -> None:
    with open_store(url) as store:
        with pytest.raises(StoreError, match="NUL") as caught:
            store.import_attempt(attempt("nul", "ann\x00bob", finished=True, answers=2))
        assert "\n" not in str(caught.value)
        assert store.students() == [] and list(store.attempts(finished=None)) == []
        store.import_attempt(attempt("fine", finished=True))  # and the store goes on
        assert store.students() == ["ann"]


def test_a_plan_naming_a_question_with_nul_is_refused_whole(url: str) -> None:
    """The plan's JSON could hold the escape, but every report reads its ids as text, which
    PostgreSQL cannot make of it: one such attempt, unanswered there, would stop them all."""
    odd = attempt("odd", finished=True, answers=1)
    odd.plan[3]["question"] = "q\x003"
    with open_store(url) as store:
        with pytest.raises(StoreRefused, match="NUL") as caught:
            store.import_attempt(odd)
        assert "\n" not in str(caught.value)
        assert store.students() == [] and list(store.attempts(finished=None)) == []
        store.import_attempt(attempt("fine", finished=True))
        attempts, answers = store.report_rows()
        assert [a[1] for a in attempts] == ["fine"] and answers == []


def test_results_import_refuses_a_file_postgresql_cannot_hold_and_takes_the_rest(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from test_cli_results import SINGLES, handed_in

    folder = tmp_path / "in"
    odd = handed_in(folder, student="ann\x00bob")
    handed_in(folder, student="cy", seed=2)
    code, out, err = run(
        capsys, "--db", url, "results", "import", str(folder), "--bank", str(SINGLES)
    )
    assert code == 1
    assert "1 attempt imported, 0 already present, 1 refused" in out
    assert err.count("\n") == 1
    assert err.startswith(f"error: {odd}: the results store could not take it")
    assert "NUL" in err
    with open_store(url) as store:
        assert store.students() == ["cy"]
