"""Many processes, as on many exam servers, writing into one PostgreSQL store at once.

Every process starts on a schema with no store in it yet (so they race to create it), then
answers a whole exam, changing every answer several times; others import the same result files
at the same moment. None may lose an answer, and no attempt may be stored twice.
"""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path
from typing import Any

import pytest

from backends import drop_schema, fresh_schema_name, in_schema, require_server
from casequiz.store.base import open_store
from test_concurrency import take_attempt
from test_store import attempt as sample_attempt

PROCESSES = 16

pytestmark = pytest.mark.usefixtures("env")


@pytest.fixture
def pg_store() -> Any:
    """A URL to a fresh, empty schema: nothing created in it yet."""
    url = require_server()
    schema = fresh_schema_name()
    yield in_schema(url, schema)
    drop_schema(url, schema)


def import_all(location: str, uids: list[str], barrier: Any) -> tuple[str, Any]:
    try:
        records = [sample_attempt(uid, f"imp-{uid}", finished=True, answers=3) for uid in uids]
        barrier.wait(timeout=60)
        with open_store(location) as store:
            return "ok", sum(store.import_attempt(record) for record in records)
    except BaseException:
        return "error", traceback.format_exc()


@pytest.mark.slow
def test_sixteen_processes_on_one_postgresql_store_lose_nothing(pg_store: str) -> None:
    context = multiprocessing.get_context("spawn")
    examinees = [f"student-{n:02}" for n in range(PROCESSES - 4)]
    uids = [f"handed-in-{n}" for n in range(20)]
    barrier = context.Manager().Barrier(PROCESSES)
    with context.Pool(PROCESSES) as pool:
        exams = [pool.apply_async(take_attempt, (pg_store, s, barrier, "exam")) for s in examinees]
        imports = [pool.apply_async(import_all, (pg_store, uids, barrier)) for _ in range(4)]
        exam_outcomes = [job.get(timeout=300) for job in exams]
        import_outcomes = [job.get(timeout=300) for job in imports]
    errors = [d for status, d in exam_outcomes + import_outcomes if status == "error"]
    assert not errors, "\n".join(errors)

    with open_store(pg_store) as store:
        for student, (_, (attempt_id, given, score)) in zip(examinees, exam_outcomes, strict=True):
            record = store.attempt(attempt_id)
            assert record is not None and record.student == student and record.finished
            assert {a.slot: a.response for a in record.answers} == given
            assert record.score == score
        counts = store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM attempts), (SELECT COUNT(DISTINCT uid) FROM attempts), "
            "(SELECT COUNT(*) FROM answers), (SELECT COUNT(*) FROM students)"
        ).fetchone()
    attempts = len(examinees) + len(uids)
    # each examinee's latest answer to each of 10 questions, and 3 per handed-in attempt
    assert tuple(counts) == (attempts, attempts, len(examinees) * 10 + len(uids) * 3, attempts)
    # each handed-in attempt was new to exactly one of the importers
    assert sum(detail for _, detail in import_outcomes) == len(uids)


def test_the_fixture_schema_starts_empty(pg_store: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(pg_store) as conn:
        tables = conn.execute(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
    assert tables == (0,)
