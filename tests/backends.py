"""The two store back ends for tests: an SQLite file in the test's folder, or a fresh schema of
the PostgreSQL server that `CASEQUIZ_TEST_POSTGRES` names (a `postgresql://` URL).

Without that variable the PostgreSQL cases are skipped, except on CI (`CI` set), where a missing
server is a failure: `.ci/run` starts one of its own. `CASEQUIZ_TEST_STORE=postgresql` runs the
whole suite on PostgreSQL: every store a test opens by path, and every `CASEQUIZ_DB`, becomes a
schema of its own on that server.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

POSTGRES_ENV = "CASEQUIZ_TEST_POSTGRES"
SWITCH_ENV = "CASEQUIZ_TEST_STORE"


def server_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def whole_suite_on_postgres() -> bool:
    return os.environ.get(SWITCH_ENV, "").lower() in ("postgresql", "postgres", "pg")


def require_server() -> str:
    """The server's URL; skips the test without one (fails it on CI)."""
    url = server_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must test the PostgreSQL store")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV}=postgresql://...")
    return url


def in_schema(url: str, schema: str) -> str:
    """The URL with `schema` as the connection's search path (created if missing)."""
    import psycopg

    # another process may create it at the same moment
    with psycopg.connect(url, autocommit=True) as conn, suppress(psycopg.errors.UniqueViolation):
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    option = quote(f"-c search_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def fresh_schema_name() -> str:
    return f"test_{uuid.uuid4().hex[:16]}"


def schema_for_path(path: str | os.PathLike[str]) -> str:
    """One schema per SQLite path, so reopening a path reopens its store."""
    key = str(Path(path).resolve())
    return f"test_path_{hashlib.sha1(key.encode()).hexdigest()[:20]}"


def redirect_stores_to_postgres(url: str) -> None:
    """Make `Store(path)` (and so every `open_store(path)`) open a PostgreSQL schema instead.

    The path's file is created empty, so a command that first checks for a store finds it.
    """
    import casequiz.store.db as db
    import casequiz.store.postgres  # noqa: F401  (PgStore subclasses the real class)
    from casequiz.store.base import is_url

    real = db.Store

    def store_at(location: str | os.PathLike[str]) -> Any:
        from casequiz.store.postgres import PgStore  # here: it imports the module being patched

        if is_url(location):
            return PgStore(os.fspath(location))
        path = Path(location)
        if os.fspath(location) == ":memory:" or (path.exists() and not path.is_file()):
            return real(location)  # no file store to stand in for: SQLite's own answer
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        except OSError:
            return real(location)
        return PgStore(in_schema(url, schema_for_path(location)))

    if not isinstance(db.Store, type):
        return  # already redirected in this process
    db.Store = store_at  # type: ignore[assignment,misc]


sqlite_only = pytest.mark.skipif(
    whole_suite_on_postgres(), reason="about the SQLite file itself (PostgreSQL has its own test)"
)

SQLITE_FILE_TESTS = (
    "test_cli_taking.py::test_a_store_that_is_not_a_store_is_refused_in_one_line",
    "test_cli_taking.py::test_another_programs_database_is_refused_and_left_alone",
    "test_cli_taking.py::test_a_store_from_a_newer_casequiz_is_refused",
    "test_cli_results.py::test_an_unusable_store_is_one_line",
    "test_store_failures.py::",
    "test_results_trust.py::test_the_schema_keeps_plain_sql",
    "test_hostile.py::test_hostile_input_gets_one_clear_answer[not-a-store.db]",
    "test_cli_arguments.py::test_any_value_of_an_option_is_answered_with_an_exit_code"
    "[practice --db]",
    # any text at all, NUL included, which PostgreSQL's text refuses (test_store_postgres.py)
    "test_export_properties.py::test_exports_of_any_store_round_trip",
)
"""Tests about the SQLite file itself (a stranger's, a newer one, garbage, a full disk, a
read-only file, any path at all): on PostgreSQL their counterparts are in
test_store_postgres.py, so the whole-suite run leaves them out."""


def skip_sqlite_file_tests(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="SQLite-file or NUL-text case (see test_store_postgres.py)")
    for item in items:
        if any(item.nodeid.split("/")[-1].startswith(name) for name in SQLITE_FILE_TESTS):
            item.add_marker(skip)
