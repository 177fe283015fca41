"""Benchmark rows: committing one answer to a PostgreSQL results store, median per commit.

The same measurement as `rows_store.py`, on the server `CASEQUIZ_BENCH_POSTGRES` (else
`CASEQUIZ_TEST_POSTGRES`) names: answers committed one by one through `PgStore.save_answer`
(one transaction: the answer's upsert and the attempt's position, `synchronous_commit = on`).
The baseline, in the same run on the same server and connection settings, is the cheapest
durable commit there: one `INSERT` of a short row in its own transaction. Both sides pay the
network round trips and the server's WAL flush alike, so the ratio says what the store adds.

Without a server the row says so and carries no figure.
"""

from __future__ import annotations

import os
import statistics
import sys
import uuid
from urllib.parse import quote

from rows_store import QUESTIONS, _answer, _attempt, _p99, _timings

LABEL = "store: commit one answer on PostgreSQL (save_answer), median ÷ bare INSERT commit"
TARGET = "≤ 3"


def _server() -> str | None:
    return os.environ.get("CASEQUIZ_BENCH_POSTGRES") or os.environ.get("CASEQUIZ_TEST_POSTGRES")


def _in_schema(url: str, schema: str) -> str:
    option = quote(f"-c search_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


def _store_timings(url: str, count: int) -> list[float]:
    from casequiz.store.postgres import PgStore

    with PgStore(url) as store:
        attempt_id = store.create_attempt(_attempt())
        return _timings(
            count, lambda n: store.save_answer(attempt_id, _answer(n), position=n % QUESTIONS)
        )


def _baseline_timings(url: str, count: int) -> list[float]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit TO on")
        conn.execute("CREATE TABLE bare_rows (n BIGINT, text TEXT)")

        def commit(number: int) -> None:
            with conn.transaction():
                conn.execute("INSERT INTO bare_rows VALUES (%s, %s)", (number, "5,800 million"))

        return _timings(count, commit)


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    server = _server()
    if server is None:
        return [(f"{LABEL}: no server (set CASEQUIZ_BENCH_POSTGRES)", float("nan"), "report")]
    import psycopg

    count = 200 if quick else 2_000
    schemas = [f"bench_{uuid.uuid4().hex[:12]}_{n}" for n in range(4)]
    with psycopg.connect(server, autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            store: list[float] = []
            bare: list[float] = []
            for half in range(2):  # interleaved, as in rows_store
                store += _store_timings(_in_schema(server, schemas[2 * half]), count // 2)
                bare += _baseline_timings(_in_schema(server, schemas[2 * half + 1]), count // 2)
        finally:
            for schema in schemas:
                admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    median, p99 = statistics.median(store), _p99(store)
    base_median = statistics.median(bare)
    us = 1e6
    return [
        (
            f"{LABEL} (median {median * us:.0f} µs, p99 {p99 * us:.0f} µs per commit; bare "
            f"INSERT median {base_median * us:.0f} µs; {len(store)} commits)",
            median / base_median,
            TARGET,
        )
    ]


if __name__ == "__main__":
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
