"""The queries the grader's reports stream from the results store, as plain tuples.

A report over a hundred thousand answers should cost little more than writing them: SQLite
joins each attempt's plan with its answers, orders them and turns a stored response into the
text a spreadsheet cell shows, and the rows go from its cursor to the writer without a Python
object per answer in between. Memory stays that of one row, however many attempts there are.

Everything SQLite-specific (reading the JSON columns: `json_each`, `json_extract`) is in
`store.sqlitejson` and the section below marked so, for a port to another database to replace
in one place. Each query is marked `@each_back_end`: given a PostgreSQL connection, its twin in
`pg_reportquery` runs.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from casequiz.store.sqlitejson import (
    IN_JSON_LIST,
    IN_JSON_LIST_WITH_NUL,
    PLAN_BANK,
    PLAN_ENTRIES,
    PLAN_NUL,
    PLAN_QUESTION,
    PLAN_SLOT,
    plan_entry,
    plan_field_at_slot,
    string_text,
)

__all__ = [
    "Drawn",
    "ReportFilter",
    "answer_rows",
    "answered_keys",
    "any_attempt",
    "attempt_heads",
    "bank_refs",
    "by_question_rows",
    "drawn_banks",
    "drawn_keys",
    "latest_facts",
    "misplaced_answers",
]

# -- SQLite-specific: the JSON columns (`store.sqlitejson` reads them) ----------------------------


def response_cell(column: str) -> str:
    """A stored response as a spreadsheet cell shows it (`grade.source.response_text`): text as
    typed, true/false, numbers, JSON text for lists and mappings, '' for a null response."""
    return (
        f"CASE WHEN {column} = 'null' THEN '' "
        f"WHEN substr({column}, 1, 1) = '\"' THEN CASE WHEN instr({column}, '\\') "
        f"THEN {string_text(column)} ELSE substr({column}, 2, length({column}) - 2) END "
        f"ELSE {column} END"
    )


def neutral_response_cell(column: str) -> str:
    """`neutral(response_cell(column))`, with the response read once and mostly compared
    rather than cut: a JSON string without escapes is its text between the quotes, so its
    first character (the one a spreadsheet looks at) is the stored second one. A stored text
    starts with `"` when it sorts from `"` to `#`, and its second character is at least 'A'
    when it sorts from `"A` (byte order, in which every trigger comes before 'A')."""
    second = f"substr({column}, 2, 1)"
    inner = f"substr({column}, 2, length({column}) - 2)"
    escaped = neutral(string_text(column))
    return (
        f"CASE WHEN {column} >= '\"' AND {column} < '#' THEN CASE "
        f"WHEN instr({column}, '\\') THEN {escaped} "
        f"WHEN {column} >= '\"A' OR unicode({second}) NOT IN ({_TRIGGER_CODES}) THEN {inner} "
        f"ELSE '''' || {inner} END "
        f"WHEN {column} = 'null' THEN '' "
        f"ELSE {neutral(column)} END"
    )


# -- standard SQL ------------------------------------------------------------------------------

_TRIGGER_CODES = "61, 43, 45, 64, 9, 13, 10"
"""The code points of `csvsafe.FORMULA_TRIGGERS`: = + - @ tab CR LF."""


def neutral(expression: str) -> str:
    """`expression`, prefixed with `'` where a spreadsheet would take it for a formula
    (`csvsafe.neutralise`). Every trigger sorts before 'A', so most text is passed by one
    comparison."""
    return (
        f"CASE WHEN {expression} >= 'A' OR coalesce(unicode({expression}), 0) "
        f"NOT IN ({_TRIGGER_CODES}) THEN {expression} ELSE '''' || {expression} END"
    )


class ReportFilter:
    """Which finished attempts a report reads: a WHERE clause over `attempts a JOIN students s`."""

    def __init__(
        self,
        *,
        student: str | None = None,
        since: str | None = None,
        mode: str | None = None,
        uids: Sequence[str] | None = None,
    ) -> None:
        import json

        from casequiz.store.db import _filters

        where, params = _filters(finished=True, student=student, since=since, mode=mode)
        if uids is not None:
            listed = IN_JSON_LIST_WITH_NUL if any("\0" in uid for uid in uids) else IN_JSON_LIST
            where += f" AND a.uid {listed}"
            params = (*params, json.dumps(list(uids)))
        self.where, self.params = where, params


_FROM = "FROM attempts a JOIN students s ON s.id = a.student_id"


def _cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: named rows cost more to build
    return cursor


def streams(store: object) -> bool:
    """Whether these queries can read `store` (SQLite's, or a back end with twins of them); any
    other store reads its reports through `report_rows()`."""
    conn = getattr(store, "conn", None)
    return isinstance(conn, sqlite3.Connection) or getattr(conn, "report_queries", None) is not None


_Query = TypeVar("_Query", bound=Callable[..., Any])


def _twin(conn: Any, name: str) -> Any:
    import importlib

    return getattr(importlib.import_module(conn.report_queries), name)


def each_back_end(query: _Query) -> _Query:
    """The query as written here on an SQLite connection; on another back end's connection, the
    function of the same name in the module its `report_queries` names."""

    @functools.wraps(query)
    def run(conn: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(conn, sqlite3.Connection):
            return query(conn, *args, **kwargs)
        return _twin(conn, query.__name__)(conn, *args, **kwargs)

    return run  # type: ignore[return-value]


@each_back_end
def any_attempt(conn: sqlite3.Connection, where: ReportFilter) -> bool:
    """Whether any finished attempt matches."""
    sql = f"SELECT 1 {_FROM} {where.where} LIMIT 1"
    return _cursor(conn).execute(sql, where.params).fetchone() is not None


@each_back_end
def in_start_order(conn: sqlite3.Connection, where: ReportFilter) -> bool:
    """Whether the attempts' ids already follow their start times (the usual case, attempts
    being stored as they are taken), so ordering by id orders by start without a sort."""
    sql = (
        f"SELECT 1 FROM (SELECT a.started_at AS started, lag(a.started_at) OVER (ORDER BY a.id) "
        f"AS before {_FROM} {where.where}) WHERE before > started LIMIT 1"
    )
    return _cursor(conn).execute(sql, where.params).fetchone() is None


def _order(conn: sqlite3.Connection, where: ReportFilter) -> str:
    return "a.id" if in_start_order(conn, where) else "a.started_at, a.id"


@each_back_end
def by_question_rows(
    conn: sqlite3.Connection,
    where: ReportFilter,
    *,
    bank: str | None = None,
    for_csv: bool = False,
    with_id: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """One row per drawn question of each attempt, oldest attempt first, in the order shown:
    (uid, student, bank, question, topic, response, score, max, status, seconds), the answer's
    columns NULL where the question was left unanswered (and the topic NULL where the answer has
    none); with `with_id` the attempt's id comes first. `for_csv` neutralises the text."""
    text = neutral if for_csv else (lambda e: e)
    bank_clause, params = "", where.params
    if bank is not None:
        bank_clause, params = f"AND {PLAN_BANK} = ?", (*params, bank)
    head = "a.id, " if with_id else ""
    sql = (
        f"SELECT {head}{text('a.uid')}, {text('s.name')}, {text(PLAN_BANK)}, "
        f"{text(PLAN_QUESTION)}, {text('n.topic')}, {text(response_cell('n.response'))}, "
        f"n.score, n.max_score, {text('n.status')}, n.seconds "
        f"{_FROM} JOIN {PLAN_ENTRIES} LEFT JOIN answers n ON n.attempt_id = a.id "
        f"AND n.slot = {PLAN_SLOT} AND n.bank_id = {PLAN_BANK} AND n.question_id = {PLAN_QUESTION} "
        f"{where.where} {bank_clause} ORDER BY {_order(conn, where)}, {PLAN_SLOT}"
    )
    return _cursor(conn).execute(sql, params)


@each_back_end
def misplaced_answers(
    conn: sqlite3.Connection, where: ReportFilter, *, bank: str | None = None, for_csv: bool = False
) -> list[tuple[Any, ...]]:
    """Answers that are not the answer to the question their slot's plan entry names (a result
    file can say so), as `by_question_rows(with_id=True)` rows, in slot order: an export lists
    them after the attempt's drawn questions. Nearly always none."""
    text = neutral if for_csv else (lambda e: e)
    bank_clause, params = "", where.params
    if bank is not None:
        bank_clause, params = "AND n.bank_id = ?", (*params, bank)
    sql = (
        f"SELECT a.id, {text('a.uid')}, {text('s.name')}, {text('n.bank_id')}, "
        f"{text('n.question_id')}, {text('n.topic')}, {text(response_cell('n.response'))}, "
        f"n.score, n.max_score, {text('n.status')}, n.seconds "
        f"{_FROM} JOIN answers n ON n.attempt_id = a.id {where.where} {bank_clause} "
        f"AND ({plan_field_at_slot('n.slot', 'bank')} IS NOT n.bank_id "
        f"OR {plan_field_at_slot('n.slot', 'question')} IS NOT n.question_id) "
        "ORDER BY a.id, n.slot"
    )
    return _cursor(conn).execute(sql, params).fetchall()


@each_back_end
def latest_facts(
    conn: sqlite3.Connection,
    where: ReportFilter,
    wanted: set[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], Any]:
    """(bank, question) -> (topic, points) of its latest answer (attempts in start order).

    The answers are read newest first, so the first one met for a question is its latest;
    with `wanted`, reading stops once each of those questions has been met (usually within
    the newest attempt), and only then are the facts of other questions incomplete."""
    cursor = _cursor(conn)
    order = _order(conn, where)
    ranks = None
    if order == "a.id":
        sql = (
            f"SELECT n.bank_id, n.question_id, n.topic, n.max_score {_FROM} "
            f"JOIN answers n ON n.attempt_id = a.id {where.where} "
            f"ORDER BY a.id DESC, n.slot DESC"
        )
        params = where.params
    else:  # the attempts ranked once, so that the answers need no sort
        Drawn._serial += 1
        ranks = f"cq_ranks_{id(conn):x}_{Drawn._serial}"
        cursor.execute(f"CREATE TEMP TABLE {ranks} (id INTEGER PRIMARY KEY, attempt INTEGER)")
        cursor.execute(
            f"INSERT INTO temp.{ranks} (attempt) SELECT a.id {_FROM} {where.where} "
            f"ORDER BY {order}",
            where.params,
        )
        sql = (
            "SELECT n.bank_id, n.question_id, n.topic, n.max_score "
            f"FROM temp.{ranks} r JOIN answers n ON n.attempt_id = r.attempt "
            "ORDER BY r.id DESC, n.slot DESC"
        )
        params = ()
    facts: dict[tuple[str, str], Any] = {}
    missing = set(wanted) if wanted is not None else None
    try:
        for bank, question, topic, points in cursor.execute(sql, params):
            key = (bank, question)
            if key in facts:
                continue
            facts[key] = (topic, points)
            if missing is not None:
                missing.discard(key)
                if not missing:
                    break
    finally:
        cursor.close()
        if ranks is not None:
            _cursor(conn).execute(f"DROP TABLE IF EXISTS temp.{ranks}")
    return facts


@each_back_end
def drawn_keys(conn: sqlite3.Connection, where: ReportFilter) -> set[tuple[str, str]]:
    """Every (bank, question) some attempt drew."""
    sql = f"SELECT DISTINCT {_PLAN_BANK}, {_PLAN_QUESTION} FROM {_distinct_plans(where)}"
    return set(_cursor(conn).execute(sql, where.params))


@each_back_end
def answered_keys(conn: sqlite3.Connection, where: ReportFilter) -> set[tuple[str, str]]:
    """Every (bank, question) some answer answers. The attempts are listed first: SQLite
    then reads their answers by attempt, rather than every answer by question with a look-up
    of its attempt."""
    sql = (
        "SELECT DISTINCT n.bank_id, n.question_id FROM answers n "
        f"WHERE n.attempt_id IN (SELECT a.id {_FROM} {where.where})"
    )
    return set(_cursor(conn).execute(sql, where.params))


@each_back_end
def drawn_banks(conn: sqlite3.Connection, where: ReportFilter) -> set[str]:
    """Every bank some attempt drew a question from."""
    sql = f"SELECT DISTINCT {_PLAN_BANK} FROM {_distinct_plans(where)}"
    return {row[0] for row in _cursor(conn).execute(sql, where.params)}


def _distinct_plans(where: ReportFilter) -> str:
    """The entries of each distinct plan of the attempts (`j`): attempts drawn alike (every
    question of a bank, in its order) share one plan, read once, and looked through for a NUL
    once (`LIMIT -1` keeps SQLite from doing that for each entry instead)."""
    return (
        f"(SELECT plan, {PLAN_NUL} AS nul FROM (SELECT DISTINCT a.plan AS plan {_FROM} "
        f"{where.where}) LIMIT -1) a JOIN {PLAN_ENTRIES}"
    )


_PLAN_BANK, _PLAN_QUESTION = plan_entry("bank", "a.nul"), plan_entry("question", "a.nul")
"""`PLAN_BANK` and `PLAN_QUESTION` of plans `a` that have their `nul` column."""


@each_back_end
def bank_refs(conn: sqlite3.Connection, where: ReportFilter) -> Iterator[str]:
    """Each attempt's banks JSON, in start order, a run of equal ones given once."""
    sql = f"SELECT a.banks {_FROM} {where.where} ORDER BY {_order(conn, where)}"
    previous = None
    for (raw,) in _cursor(conn).execute(sql, where.params):
        if raw != previous:
            previous = raw
            yield raw


@each_back_end
def attempt_heads(conn: sqlite3.Connection, where: ReportFilter) -> sqlite3.Cursor:
    """(id, uid, student, started_at, banks JSON, plan JSON, score, max, verified) of each
    attempt, by id."""
    sql = (
        f"SELECT a.id, a.uid, s.name, a.started_at, a.banks, a.plan, a.score, a.max_score, "
        f"a.verified {_FROM} "
        f"{where.where} ORDER BY a.id"
    )
    return _cursor(conn).execute(sql, where.params)


@each_back_end
def answer_rows(conn: sqlite3.Connection, where: ReportFilter) -> sqlite3.Cursor:
    """(attempt id, bank, question, score, max) of every answer, by attempt id and slot."""
    sql = (
        f"SELECT n.attempt_id, n.bank_id, n.question_id, n.score, n.max_score {_FROM} "
        f"JOIN answers n ON n.attempt_id = a.id {where.where} ORDER BY n.attempt_id, n.slot"
    )
    return _cursor(conn).execute(sql, where.params)


class Drawn:
    """The drawn questions of the attempts a report shows, laid out once in temporary tables
    so that the rows of `export --by question` cost one index lookup per row.

    `heads`: one row per attempt, in start order (its rowid), with its uid and student made
    into cells once per attempt rather than once per row. `plans`: each distinct plan once
    (attempts drawn alike share it). `entries`: each plan's slots with their bank and
    question, read from the JSON and made into cells once per plan, and the topic and points
    an unanswered question shows (`fill`). The tables live in this connection's temporary
    database until `drop` (or the end of `rows`).
    """

    _serial = 0

    def __new__(cls, conn: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(conn, sqlite3.Connection):
            return super().__new__(cls)
        return _twin(conn, "Drawn")(conn, *args, **kwargs)  # another back end's

    def __init__(self, conn: sqlite3.Connection, where: ReportFilter, *, for_csv: bool) -> None:
        Drawn._serial += 1
        suffix = f"{id(conn):x}_{Drawn._serial}"
        self.conn = conn
        self.celled = False
        """Whether every answer of the attempts has its CSV cells (known after `answers`)."""
        self.plans, self.entries, self.heads, self.pieces = (
            f"cq_plans_{suffix}",
            f"cq_entries_{suffix}",
            f"cq_heads_{suffix}",
            f"cq_pieces_{suffix}",
        )
        try:
            self._create(where, neutral if for_csv else (lambda e: e))
        except BaseException:
            self.drop()
            raise

    def _create(self, where: ReportFilter, text: Callable[[str], str]) -> None:
        conn = self.conn
        cursor = _cursor(conn)
        cursor.execute(
            f"CREATE TEMP TABLE {self.plans} (id INTEGER PRIMARY KEY, plan UNIQUE, nul INTEGER)"
        )
        cursor.execute(
            f"CREATE TEMP TABLE {self.entries} (plan INTEGER, slot INTEGER, bank, question, "
            "bank_cell, question_cell, topic, points, prefix, unanswered, "
            "PRIMARY KEY (plan, slot)) WITHOUT ROWID"
        )
        cursor.execute(
            f"CREATE TEMP TABLE {self.heads} (id INTEGER PRIMARY KEY, attempt INTEGER, uid, "
            "student, plan INTEGER, prefix)"
        )
        cursor.execute(
            f"INSERT OR IGNORE INTO temp.{self.plans} (plan) SELECT a.plan {_FROM} {where.where}",
            where.params,
        )
        cursor.execute(f"UPDATE temp.{self.plans} SET nul = {PLAN_NUL}")  # once per plan
        cursor.execute(
            f"INSERT INTO temp.{self.entries} (plan, slot, bank, question, bank_cell, "
            f"question_cell) SELECT a.id, {PLAN_SLOT}, {_PLAN_BANK}, {_PLAN_QUESTION}, "
            f"{text(_PLAN_BANK)}, {text(_PLAN_QUESTION)} FROM temp.{self.plans} a "
            f"JOIN {PLAN_ENTRIES}"
        )
        cursor.execute(  # rowids are given in the order of insertion: the start order
            f"INSERT INTO temp.{self.heads} (attempt, uid, student, plan) "
            f"SELECT a.id, {text('a.uid')}, {text('s.name')}, p.id {_FROM} "
            f"JOIN temp.{self.plans} p ON p.plan = a.plan {where.where} "
            f"ORDER BY {_order(conn, where)}",
            where.params,
        )

    def answers(self, bank: str | None) -> tuple[int, int, int]:
        """(answers, answers without a topic, answers misplaced) of the attempts, those
        counted in the first two only in `bank` when given. An answer is misplaced when its
        slot's plan entry names another question (only a hand-made result file does that).
        Whether every answer has its CSV cells (`store.cells`) is kept for `lines`."""
        in_bank = "1" if bank is None else "n.bank_id = ?"
        sql = (
            f"SELECT total({in_bank}), total(n.topic IS NULL AND {in_bank}), "
            "total(e.bank IS NOT n.bank_id OR e.question IS NOT n.question_id), "
            "total(n.cells IS NULL) "
            f"FROM temp.{self.heads} h JOIN answers n ON n.attempt_id = h.attempt "
            f"LEFT JOIN temp.{self.entries} e ON e.plan = h.plan AND e.slot = n.slot"
        )
        params = () if bank is None else (bank, bank)
        found = _cursor(self.conn).execute(sql, params).fetchone()
        self.celled = not found[3]
        return int(found[0]), int(found[1]), int(found[2])

    def size(self, bank: str | None) -> int:
        """How many rows `rows(bank)` gives: one per drawn question of each attempt."""
        sql = (
            f"SELECT count(*) FROM temp.{self.heads} h "
            f"JOIN temp.{self.entries} e ON e.plan = h.plan"
        )
        params: tuple[str, ...] = ()
        if bank is not None:
            sql, params = sql + " WHERE e.bank = ?", (bank,)
        return int(_cursor(self.conn).execute(sql, params).fetchone()[0])

    def keys(self) -> set[tuple[str, str]]:
        """Every (bank, question) drawn."""
        sql = f"SELECT DISTINCT bank, question FROM temp.{self.entries}"
        return set(_cursor(self.conn).execute(sql))

    def cells(self) -> list[tuple[str, str]]:
        """Every (bank, question) drawn, as the rows show them."""
        sql = f"SELECT DISTINCT bank_cell, question_cell FROM temp.{self.entries}"
        return list(_cursor(self.conn).execute(sql))

    def fill(self, shown: Sequence[tuple[str, float, str, str]]) -> None:
        """(topic, points, bank cell, question cell): what an unanswered question shows."""
        _cursor(self.conn).executemany(
            f"UPDATE temp.{self.entries} SET topic = ?, points = ? "
            "WHERE bank_cell = ? AND question_cell = ?",
            shown,
        )

    def rows(
        self, bank: str | None, *, for_csv: bool, unanswered: str
    ) -> Iterator[tuple[Any, ...]]:
        """`by_question_rows`, with the catalog's topic and points where the answer has no
        topic or there is no answer; then the tables are dropped."""
        text = neutral if for_csv else (lambda e: e)
        column = "n.response"
        response = neutral_response_cell(column) if for_csv else response_cell(column)
        columns = (
            f"h.uid, h.student, e.bank_cell, e.question_cell, "
            f"coalesce({text('n.topic')}, e.topic), {response}, "
            f"ifnull(n.score, 0.0), ifnull(n.max_score, e.points), "
            f"ifnull({text('n.status')}, ?), n.seconds"
        )
        return self._joined(columns, (unanswered,), bank)

    def _joined(
        self, columns: str, params: tuple[str, ...], bank: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """`columns` of each drawn question of each attempt with its answer, in start and slot
        order, only `bank`'s when given; then the tables are dropped."""
        sql = (
            f"SELECT {columns} "
            f"FROM temp.{self.heads} h JOIN temp.{self.entries} e ON e.plan = h.plan "
            "LEFT JOIN answers n ON n.attempt_id = h.attempt AND n.slot = e.slot "
            "AND n.bank_id = e.bank AND n.question_id = e.question "
        )
        if bank is not None:
            sql, params = sql + "WHERE e.bank = ? ", (*params, bank)
        cursor = _cursor(self.conn)
        try:
            yield from cursor.execute(sql + "ORDER BY h.id, e.slot", params)
        finally:
            cursor.close()
            self.drop()

    def lines(self, bank: str | None, *, unanswered: str) -> Iterator[str] | None:
        """The rows of `rows(bank, for_csv=True)` as CSV lines, each joined by SQLite from its
        attempt's cells, its question's and its answer's (`store.cells`); None, and nothing
        done, when an answer has no cells (a store from before they were kept, an answer
        without a topic). Call `answers` first, and `fill` where `rows` would need it."""
        from casequiz.store.cells import csv_lines

        if not self.celled:
            return None
        cursor = _cursor(self.conn)
        heads = cursor.execute(f"SELECT id, uid, student FROM temp.{self.heads}").fetchall()
        prefixes = csv_lines((uid, student, None) for _id, uid, student in heads)
        cursor.executemany(
            f"UPDATE temp.{self.heads} SET prefix = ? WHERE id = ?",
            [(line[:-2], head[0]) for line, head in zip(prefixes, heads, strict=True)],
        )
        pieces = cursor.execute(
            f"SELECT DISTINCT bank_cell, question_cell, topic, points FROM temp.{self.entries}"
        ).fetchall()
        cursor.execute(
            f"CREATE TEMP TABLE {self.pieces} (bank_cell, question_cell, prefix, unanswered, "
            "PRIMARY KEY (bank_cell, question_cell)) WITHOUT ROWID"
        )
        named = csv_lines((b, q, None) for b, q, _topic, _points in pieces)
        blank = csv_lines((t, None, 0.0, p, unanswered, None) for _b, _q, t, p in pieces)
        cursor.executemany(
            f"INSERT OR REPLACE INTO temp.{self.pieces} VALUES (?, ?, ?, ?)",
            [
                (piece[0], piece[1], name[:-2], line)
                for piece, name, line in zip(pieces, named, blank, strict=True)
            ],
        )
        cursor.execute(
            f"UPDATE temp.{self.entries} AS e SET prefix = p.prefix, unanswered = p.unanswered "
            f"FROM temp.{self.pieces} p "
            "WHERE p.bank_cell = e.bank_cell AND p.question_cell = e.question_cell"
        )
        if cursor.execute(
            f"SELECT 1 FROM temp.{self.entries} WHERE prefix IS NULL LIMIT 1"
        ).fetchone():
            return None  # a plan entry without a bank or a question: `rows` shows it
        joined = "h.prefix || e.prefix || ifnull(n.cells, e.unanswered)"
        return map(itemgetter(0), self._joined(joined, (), bank))

    def regular(self) -> bool:
        """Whether every plan is a JSON array (as casequiz writes them), whose slots are its
        positions."""
        sql = f"SELECT 1 FROM temp.{self.plans} WHERE json_type(plan) IS NOT 'array' LIMIT 1"
        return _cursor(self.conn).execute(sql).fetchone() is None

    def drop(self) -> None:
        cursor = _cursor(self.conn)
        with contextlib.suppress(sqlite3.Error):  # a connection already closed keeps nothing
            for table in (self.heads, self.entries, self.plans, self.pieces):
                cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")
