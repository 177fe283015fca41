"""Benchmark rows: `export --by question` and `stats` from a PostgreSQL store, in memory flat in
the number of attempts.

The stores of `rows_grade.memory_rows` (10,000 and 100,000 finished attempts of 10 questions)
are written to SQLite as there, then loaded into a fresh schema of the server that
`CASEQUIZ_BENCH_POSTGRES` (else `CASEQUIZ_TEST_POSTGRES`) names with PostgreSQL's COPY. Each
row is the peak RSS of the command at 100,000 attempts ÷ its peak at 10,000, measured the same
way (from a small parent), so a report that held its rows would show ~10 and one that streams
~1. The output is checked to equal the SQLite store's, byte for byte.

Without a server the rows say so and carry no figure.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

from rows_grade import MEMORY_ATTEMPTS, MEMORY_QUESTIONS, _peak, bulk_store
from rows_store_postgres import _in_schema, _server

TARGET = "≤ 1.25"
TABLES = ("students", "attempts", "answers")


def _load(db: Path, url: str) -> None:
    """The SQLite store's rows into the PostgreSQL store at `url` (its schema made first)."""
    import psycopg

    from casequiz.store.postgres import PgStore

    PgStore(url).close()
    source = sqlite3.connect(db)
    with psycopg.connect(url) as conn:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
    source.close()


def _commands(location: str, folder: Path, tag: str) -> dict[str, list[str]]:
    from rows_bank import casequiz_command

    casequiz = [*casequiz_command(), "--db", location]
    return {
        "export": [*casequiz, "export", "--by", "question", "-o", str(folder / f"q-{tag}.csv")],
        "stats": [*casequiz, "stats", "-o", str(folder / f"stats-{tag}.txt")],
    }


def rows(quick: bool = False) -> list[tuple[str, float, str]]:
    server = _server()
    labels = ("export --by question", "stats")
    if server is None:
        return [
            (
                f"peak memory of {label} on PostgreSQL: no server (set CASEQUIZ_BENCH_POSTGRES)",
                float("nan"),
                "report",
            )
            for label in labels
        ]
    import psycopg

    from rows_bank import run

    sizes = (1_000, 10_000) if quick else MEMORY_ATTEMPTS
    peaks: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="casequiz-bench-pg-") as name:
        folder = Path(name)
        before = os.environ.get("CASEQUIZ_CACHE_DIR")
        os.environ["CASEQUIZ_CACHE_DIR"] = str(folder / "cache")
        try:
            for attempts in sizes:
                here = folder / str(attempts)
                here.mkdir()
                db = bulk_store(here, attempts)
                schema = f"bench_{uuid.uuid4().hex[:12]}"
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f'CREATE SCHEMA "{schema}"')
                try:
                    url = _in_schema(server, schema)
                    _load(db, url)
                    on_pg = _commands(url, here, "pg")
                    on_sqlite = _commands(str(db), here, "sqlite")
                    for command, argv in on_pg.items():
                        run(on_sqlite[command])
                        run(argv)  # warm-up, and the output to compare
                        peaks[(command, attempts)] = (
                            statistics.median(_peak(argv) for _ in range(2)) / 2**20
                        )
                    for tag in ("q", "stats"):
                        ext = "csv" if tag == "q" else "txt"
                        pg = (here / f"{tag}-pg.{ext}").read_bytes()
                        lite = (here / f"{tag}-sqlite.{ext}").read_bytes()
                        if pg != lite:
                            raise RuntimeError(f"{tag}: PostgreSQL's output is not SQLite's")
                finally:
                    with psycopg.connect(server, autocommit=True) as admin:
                        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        finally:
            if before is None:
                os.environ.pop("CASEQUIZ_CACHE_DIR", None)
            else:
                os.environ["CASEQUIZ_CACHE_DIR"] = before
    small, large = sizes
    found = []
    for command, label in zip(("export", "stats"), labels, strict=True):
        a, b = peaks[(command, small)], peaks[(command, large)]
        found.append(
            (
                f"peak memory of {label} on PostgreSQL, {large:,} ÷ {small:,} attempts x "
                f"{MEMORY_QUESTIONS} questions ({b:.0f} MiB ÷ {a:.0f} MiB; output equal to "
                "SQLite's)",
                b / a,
                TARGET,
            )
        )
    return found


if __name__ == "__main__":
    for label, ratio, target in rows(quick="--quick" in sys.argv):
        print(f"{label}: {ratio:.2f}x (target: {target})")
