"""The grader's report queries in PostgreSQL's words: `store.reportquery`'s twins.

Each function here takes what its namesake in `reportquery` takes and gives the same rows,
value for value, so `export` and `stats` write the same bytes from either back end (a test
holds them to it). What differs is the dialect: the JSON columns are read with
`json_array_elements` and `->>` instead of SQLite's `json_each` and `json_extract`, a text
comparison names the "C" collation (byte order, as SQLite compares), `IS NOT` between values
is `IS DISTINCT FROM`, and a code point is `ascii()`.

The rows stream: a long query is read through a named (server-side) cursor, `STREAM_BATCH`
rows at a time, so a report over a year's attempts holds one batch in memory, never the
result. Named cursors live in a transaction; the first open stream of a connection begins one
(a single snapshot for every query of the report) and the last one to close ends it, so the
two cursors `stats` reads side by side, and the catalog read in the middle of an export, share
it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casequiz.store.postgres import Connection
    from casequiz.store.reportquery import ReportFilter

STREAM_BATCH = 2000
"""Rows a named cursor fetches from the server at a time."""

_names = itertools.count(1)

# -- the JSON columns, as reportquery's SQLite section reads them ---------------------------------

PLAN_ENTRIES = "json_array_elements(a.plan::json) WITH ORDINALITY AS j(value, ord)"
PLAN_SLOT = "(j.ord - 1)"
PLAN_BANK = "(j.value ->> 'bank')"
PLAN_QUESTION = "(j.value ->> 'question')"

SQLITE_IN_JSON_LIST = "IN (SELECT value FROM json_each(?))"
IN_JSON_LIST = "IN (SELECT json_array_elements_text(?::json))"


def plan_field_at_slot(slot: str, field: str) -> str:
    return f"(a.plan::json -> ({slot})::integer ->> '{field}')"


def response_cell(column: str) -> str:
    """`reportquery.response_cell`: a JSON string is unquoted (decoded only when it holds an
    escape), null is '', anything else is its JSON text. A JSON string that escapes a NUL
    (`\\u0000`) is NULL here: PostgreSQL's text cannot hold that character, so its cell is
    made in Python from `nul_response(column)` (`_with_nul_cells`)."""
    return (
        f"CASE WHEN {column} = 'null' THEN '' "
        f"WHEN left({column}, 1) = '\"' THEN CASE WHEN strpos({column}, '\\') = 0 "
        f"THEN substr({column}, 2, length({column}) - 2) "
        f"WHEN strpos({column}, '\\u0000') = 0 THEN ({column}::json #>> '{{}}') END "
        f"ELSE {column} END"
    )


def nul_response(column: str) -> str:
    """The stored response where `response_cell` leaves its cell to Python, else NULL."""
    return (
        f"CASE WHEN left({column}, 1) = '\"' AND strpos({column}, '\\u0000') > 0 THEN {column} END"
    )


_TRIGGER_CODES = "61, 43, 45, 64, 9, 13, 10"
"""The code points of `csvsafe.FORMULA_TRIGGERS`: = + - @ tab CR LF."""


def neutral(expression: str) -> str:
    """`reportquery.neutral`: prefixed with `'` where a spreadsheet would see a formula."""
    return (
        f"CASE WHEN ({expression}) COLLATE \"C\" >= 'A' OR coalesce(ascii({expression}), 0) "
        f"NOT IN ({_TRIGGER_CODES}) THEN {expression} ELSE '''' || {expression} END"
    )


def _as_is(expression: str) -> str:
    return expression


_TRIGGERS = frozenset(chr(int(code)) for code in _TRIGGER_CODES.split(", "))


def _with_nul_cells(
    rows: Iterable[tuple[Any, ...]], at: int, *, for_csv: bool
) -> Iterator[tuple[Any, ...]]:
    """The rows without their last column, `nul_response`: where it holds a response, the cell
    at `at` is made of it as SQLite's `reportquery` makes it (decoded by Python's `json`, then
    neutralised for a CSV file)."""
    for row in rows:
        raw = row[-1]
        if raw is None:
            yield row[:-1]
            continue
        cell = json.loads(raw)
        if for_csv and cell[:1] in _TRIGGERS:
            cell = "'" + cell
        yield (*row[:at], cell, *row[at + 1 : -1])


_FROM = "FROM attempts a JOIN students s ON s.id = a.student_id"

# -- running them ----------------------------------------------------------------------------


def _where(where: ReportFilter) -> str:
    return where.where.replace(SQLITE_IN_JSON_LIST, IN_JSON_LIST)


def _all(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """A short result (one row, or one per question), read at once."""
    from psycopg.rows import tuple_row

    from casequiz.store.postgres import _pg_sql

    with conn.raw.cursor(row_factory=tuple_row) as cursor:
        return cursor.execute(_pg_sql(sql), params).fetchall()


def _streamed(conn: Connection, sql: str, params: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """The rows of a long result through a named cursor, in the connection's read transaction."""
    from psycopg.pq import TransactionStatus
    from psycopg.rows import tuple_row

    from casequiz.store.postgres import _pg_sql

    raw = conn.raw
    if conn.report_readers == 0 and raw.info.transaction_status == TransactionStatus.IDLE:
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        conn.report_transaction = True
    conn.report_readers += 1
    try:
        with raw.cursor(name=f"casequiz_report_{next(_names)}", row_factory=tuple_row) as cursor:
            cursor.itersize = STREAM_BATCH
            cursor.execute(_pg_sql(sql), params)
            yield from cursor
    finally:
        conn.report_readers -= 1
        if conn.report_readers == 0 and conn.report_transaction:
            conn.report_transaction = False
            if not raw.closed:
                raw.execute("COMMIT")


# -- the queries -----------------------------------------------------------------------------


def any_attempt(conn: Connection, where: ReportFilter) -> bool:
    return bool(_all(conn, f"SELECT 1 {_FROM} {_where(where)} LIMIT 1", where.params))


def in_start_order(conn: Connection, where: ReportFilter) -> bool:
    sql = (
        f"SELECT 1 FROM (SELECT a.started_at AS started, lag(a.started_at) OVER (ORDER BY a.id) "
        f"AS before {_FROM} {_where(where)}) AS t WHERE before > started LIMIT 1"
    )
    return not _all(conn, sql, where.params)


def _order(conn: Connection, where: ReportFilter) -> str:
    return "a.id" if in_start_order(conn, where) else "a.started_at, a.id"


def by_question_rows(
    conn: Connection,
    where: ReportFilter,
    *,
    bank: str | None = None,
    for_csv: bool = False,
    with_id: bool = False,
) -> Iterator[tuple[Any, ...]]:
    text = neutral if for_csv else _as_is
    bank_clause, params = "", where.params
    if bank is not None:
        bank_clause, params = f"AND {PLAN_BANK} = ?", (*params, bank)
    head = "a.id, " if with_id else ""
    sql = (
        f"SELECT {head}{text('a.uid')}, {text('s.name')}, {text(PLAN_BANK)}, "
        f"{text(PLAN_QUESTION)}, {text('n.topic')}, {text(response_cell('n.response'))}, "
        f"n.score, n.max_score, {text('n.status')}, n.seconds, {nul_response('n.response')} "
        f"{_FROM} JOIN {PLAN_ENTRIES} ON true LEFT JOIN answers n ON n.attempt_id = a.id "
        f"AND n.slot = {PLAN_SLOT} AND n.bank_id = {PLAN_BANK} AND n.question_id = {PLAN_QUESTION} "
        f"{_where(where)} {bank_clause} ORDER BY {_order(conn, where)}, j.ord"
    )
    at = 6 if with_id else 5
    return _with_nul_cells(_streamed(conn, sql, params), at, for_csv=for_csv)


def misplaced_answers(
    conn: Connection, where: ReportFilter, *, bank: str | None = None, for_csv: bool = False
) -> list[tuple[Any, ...]]:
    text = neutral if for_csv else _as_is
    bank_clause, params = "", where.params
    if bank is not None:
        bank_clause, params = "AND n.bank_id = ?", (*params, bank)
    sql = (
        f"SELECT a.id, {text('a.uid')}, {text('s.name')}, {text('n.bank_id')}, "
        f"{text('n.question_id')}, {text('n.topic')}, {text(response_cell('n.response'))}, "
        f"n.score, n.max_score, {text('n.status')}, n.seconds, {nul_response('n.response')} "
        f"{_FROM} JOIN answers n ON n.attempt_id = a.id {_where(where)} {bank_clause} "
        f"AND ({plan_field_at_slot('n.slot', 'bank')} IS DISTINCT FROM n.bank_id "
        f"OR {plan_field_at_slot('n.slot', 'question')} IS DISTINCT FROM n.question_id) "
        "ORDER BY a.id, n.slot"
    )
    return list(_with_nul_cells(_all(conn, sql, params), 6, for_csv=for_csv))


def latest_facts(
    conn: Connection, where: ReportFilter, wanted: set[tuple[str, str]] | None = None
) -> dict[tuple[str, str], Any]:
    """Newest answer first, the first met for a question kept (in that order); with `wanted`,
    reading stops once each of those has been met."""
    newest = "a.id DESC" if _order(conn, where) == "a.id" else "a.started_at DESC, a.id DESC"
    sql = (
        f"SELECT n.bank_id, n.question_id, n.topic, n.max_score {_FROM} "
        f"JOIN answers n ON n.attempt_id = a.id {_where(where)} ORDER BY {newest}, n.slot DESC"
    )
    facts: dict[tuple[str, str], Any] = {}
    missing = set(wanted) if wanted is not None else None
    rows = _streamed(conn, sql, where.params)
    try:
        for bank, question, topic, points in rows:
            key = (bank, question)
            if key in facts:
                continue
            facts[key] = (topic, points)
            if missing is not None:
                missing.discard(key)
                if not missing:
                    break
    finally:
        rows.close()
    return facts


def _distinct_plans(where: ReportFilter) -> str:
    """Each distinct plan of the attempts once, with its entries (`j`)."""
    return f"(SELECT DISTINCT a.plan AS plan {_FROM} {_where(where)}) a JOIN {PLAN_ENTRIES} ON true"


def drawn_keys(conn: Connection, where: ReportFilter) -> set[tuple[str, str]]:
    sql = f"SELECT DISTINCT {PLAN_BANK}, {PLAN_QUESTION} FROM {_distinct_plans(where)}"
    return set(_all(conn, sql, where.params))


def answered_keys(conn: Connection, where: ReportFilter) -> set[tuple[str, str]]:
    sql = (
        f"SELECT DISTINCT n.bank_id, n.question_id {_FROM} "
        f"JOIN answers n ON n.attempt_id = a.id {_where(where)}"
    )
    return set(_all(conn, sql, where.params))


def drawn_banks(conn: Connection, where: ReportFilter) -> set[str]:
    sql = f"SELECT DISTINCT {PLAN_BANK} FROM {_distinct_plans(where)}"
    return {row[0] for row in _all(conn, sql, where.params)}


def bank_refs(conn: Connection, where: ReportFilter) -> Iterator[str]:
    sql = f"SELECT a.banks {_FROM} {_where(where)} ORDER BY {_order(conn, where)}"
    previous = None
    for (raw,) in _streamed(conn, sql, where.params):
        if raw != previous:
            previous = raw
            yield raw


def attempt_heads(conn: Connection, where: ReportFilter) -> Iterator[tuple[Any, ...]]:
    sql = (
        f"SELECT a.id, a.uid, s.name, a.started_at, a.banks, a.plan, a.score, a.max_score, "
        f"a.verified {_FROM} {_where(where)} ORDER BY a.id"
    )
    return _streamed(conn, sql, where.params)


def answer_rows(conn: Connection, where: ReportFilter) -> Iterator[tuple[Any, ...]]:
    sql = (
        f"SELECT n.attempt_id, n.bank_id, n.question_id, n.score, n.max_score {_FROM} "
        f"JOIN answers n ON n.attempt_id = a.id {_where(where)} ORDER BY n.attempt_id, n.slot"
    )
    return _streamed(conn, sql, where.params)


class Drawn:
    """`reportquery.Drawn` lays the drawn questions out in SQLite temporary tables to spare its
    join; PostgreSQL's planner joins the plans with the answers well as they are, so here the
    export takes the general road (`by_question_rows`, streamed): nothing is laid out, and
    `regular()` says so."""

    def __init__(self, conn: Connection, where: ReportFilter, *, for_csv: bool) -> None:
        self.conn = conn

    def answers(self, bank: str | None) -> tuple[int, int, int]:
        return (0, 0, 0)

    def regular(self) -> bool:
        return False

    def drop(self) -> None:
        pass
