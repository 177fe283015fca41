"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from backends import (
    POSTGRES_ENV,
    SWITCH_ENV,
    drop_schema,
    fresh_schema_name,
    in_schema,
    redirect_stores_to_postgres,
    require_server,
    schema_for_path,
    server_url,
    skip_sqlite_file_tests,
    whole_suite_on_postgres,
)

# Speed is measured in benchmarks/, not asserted in tests: a loaded CI machine must not turn a
# slow example into a failure. Examples that fail are printed so they can be replayed. On CI the
# examples are the same every run, so a result there is reproducible; elsewhere each run
# explores new ones.
settings.register_profile("casequiz", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("casequiz"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "casequiz")


@pytest.fixture(autouse=True, scope="session")
def _private_bank_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the bank cache of the tests (and of the commands they start) out of the user's."""
    folder = tmp_path_factory.mktemp("bank-cache")
    before = os.environ.get("CASEQUIZ_CACHE_DIR")
    os.environ["CASEQUIZ_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CASEQUIZ_CACHE_DIR", None)
    else:
        os.environ["CASEQUIZ_CACHE_DIR"] = before


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every path casequiz writes to (store, cache, result files) in this test's own folder."""
    monkeypatch.setenv("CASEQUIZ_DB", str(tmp_path / "casequiz.db"))
    if whole_suite_on_postgres():  # the same schema as `Store(tmp_path / "casequiz.db")`
        url = in_schema(require_server(), schema_for_path(tmp_path / "casequiz.db"))
        monkeypatch.setenv("CASEQUIZ_DB", url)
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEQUIZ_RESULTS_DIR", str(tmp_path / "results"))
    yield tmp_path


if whole_suite_on_postgres():
    if server_url() is None:
        raise pytest.UsageError(f"{SWITCH_ENV}=postgresql needs {POSTGRES_ENV}=postgresql://...")
    redirect_stores_to_postgres(server_url() or "")
    # the commands the tests start open their stores on the server too
    everywhere = str(Path(__file__).parent / "postgres_everywhere")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [everywhere, *filter(None, [os.environ.get("PYTHONPATH")])]
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | Path]:
    """Where a store of each back end may be opened: a file path, or a URL to a fresh schema."""
    if request.param == "sqlite" and not whole_suite_on_postgres():
        yield tmp_path / "casequiz.db"
        return
    url = require_server()
    schema = fresh_schema_name()
    yield in_schema(url, schema)
    drop_schema(url, schema)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if whole_suite_on_postgres():
        skip_sqlite_file_tests(items)
