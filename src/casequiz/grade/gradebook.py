"""Grades for an LMS gradebook: a row per student, a column per bank, as Moodle and Canvas
import them.

Each bank is one grade item (Moodle) or assignment (Canvas), and a student's grade in it is
their score in points, on one scale per bank (`one_scale`). A student with several attempts
at a bank gets one grade: the attempt `--attempts` chose, or with `--attempts all` the best
share of its maximum (ties: the earliest), as Moodle's quizzes grade by default.

Students are matched by an identifier the LMS knows. casequiz knows students only by the name
they typed, so a roster (a CSV file with a `student` column of casequiz names, and the LMS's
identifiers in other columns) maps one to the other; without one, the names are the
identifiers.

- Moodle (Grades > Import > CSV file): an identifier column, then a column per grade item.
  On import, "Map from" is the identifier column and "Map to" the user field it holds (email
  address, username, ID number); each bank column is mapped to its grade item.
- Canvas (Grades > Import): `Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, then
  an assignment column per bank, with a `Points Possible` row under the header. Canvas matches
  a row by `ID`, else `SIS User ID`, else `SIS Login ID`; the roster's columns of those names
  fill them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from casequiz.grade.tables import Cell, Table

__all__ = [
    "CANVAS_FIELDS",
    "DEFAULT_ID_COLUMN",
    "MAX_ROSTER_BYTES",
    "Gradebook",
    "Roster",
    "RosterError",
    "Scaled",
    "best_grades",
    "canvas",
    "moodle",
    "one_scale",
    "read_roster",
]

CANVAS_FIELDS = ("ID", "SIS User ID", "SIS Login ID", "Section")
DEFAULT_ID_COLUMN = "username"
MAX_ROSTER_BYTES = 16 * 1024 * 1024
STUDENT = "student"


class RosterError(ValueError):
    """A roster that cannot be used; the message starts with `file:line:`."""


@dataclass(frozen=True, slots=True)
class Roster:
    """casequiz names -> the LMS's fields for that student, by column name."""

    path: Path
    columns: tuple[str, ...]
    """The columns other than `student`, as written in the file."""
    students: dict[str, dict[str, str]]

    def column(self, name: str) -> str | None:
        """The roster's column called `name`, ignoring case, spaces and underscores."""
        key = _key(name)
        return next((c for c in self.columns if _key(c) == key), None)


def _key(name: str) -> str:
    return "".join(name.split()).replace("_", "").casefold()


def read_roster(path: Path) -> Roster:
    """The roster in `path`: CSV (UTF-8, a BOM allowed), a header row with a `student`
    column, one row per student. `OSError` when it cannot be read."""
    if path.stat().st_size > MAX_ROSTER_BYTES:
        raise RosterError(f"{path}: larger than {MAX_ROSTER_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise RosterError(f"{path}:1: empty: the first row names the columns")
        names = [h.strip() for h in header]
        keys = [_key(n) for n in names]
        if STUDENT not in keys:
            raise RosterError(
                f"{path}:1: no `student` column (the names students use in casequiz); "
                f"the columns are: {', '.join(names)}"
            )
        at = keys.index(STUDENT)
        students: dict[str, dict[str, str]] = {}
        lines: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                raise RosterError(f"{path}:{line}: {len(row)} cells, but {len(names)} columns")
            row = row + [""] * (len(names) - len(row))
            name = row[at].strip()
            if not name:
                raise RosterError(f"{path}:{line}: no student name")
            if name in students:
                raise RosterError(f"{path}:{line}: {name!r} is already on line {lines[name]}")
            lines[name] = line
            students[name] = {n: row[i].strip() for i, n in enumerate(names) if i != at}
    except csv.Error as exc:
        raise RosterError(f"{path}:{reader.line_num}: {exc}") from None
    return Roster(path, tuple(n for i, n in enumerate(names) if i != at), students)


Grades = dict[str, dict[str, tuple[float | None, float]]]
"""student -> bank -> (score, max); no score where there is no grade to give."""


def best_grades(table: Table) -> Grades:
    """Each student's grade in each bank, from a table by attempt: the best share of its
    maximum, and of equal shares the earliest attempt's, as `--attempts best` chooses (the
    table holds one attempt per student and bank when it was made with `--attempts`)."""
    if table.by != "attempt":
        raise ValueError("grades come from the table by attempt")
    col = {name: i for i, name in enumerate(table.columns)}
    best: dict[tuple[str, str], tuple[float, str, float, float]] = {}
    for row in table.rows:
        student, bank = str(row[col["student"]]), str(row[col["bank"]])
        score, out_of = float(row[col["score"]] or 0), float(row[col["max"]] or 0)
        share = score / out_of if out_of > 0 else 0.0
        started = str(row[col["started"]] or "")
        held = best.get((student, bank))
        if held is None or share > held[0] or (share == held[0] and started < held[1]):
            best[(student, bank)] = (share, started, score, out_of)
    grades: Grades = {}
    for (student, bank), (_, _, score, out_of) in best.items():
        grades.setdefault(student, {})[bank] = (score, out_of)
    return grades


PERCENT = 100.0
"""The scale of a bank whose attempts were out of different maxima."""


@dataclass(frozen=True, slots=True)
class Scaled:
    """A bank whose graded attempts were out of different maxima (from `lowest` to
    `highest`, those out of nothing aside): its grades are percentages."""

    bank: str
    lowest: float
    highest: float


def one_scale(
    grades: Grades, maxima: Mapping[str, Collection[float]] | None = None
) -> tuple[Grades, dict[str, float], tuple[Scaled, ...]]:
    """The grades with each bank's on one scale, each bank's maximum, and the banks scaled.

    A gradebook column has one maximum, but attempts drawn from a pool (`--count`, questions
    of other points) can be out of different totals: 2 of 8 and 2 of 11 are not the same
    grade. Each grade is then the percentage of its own attempt's maximum, to two decimals as
    a gradebook shows it, out of 100: a figure of the attempt alone, so the same attempt has
    the same grade whatever else the export holds (the largest maximum exported would move
    with `--student`, `--since`, the roster and every new attempt). An attempt out of nothing
    has no grade there. Where every attempt has the same maximum the points are kept.

    `maxima`: the maxima of every attempt at each bank, beyond those graded, so that which
    banks are graded in percent does not hang on a filter either.
    """
    banks = _banks(grades)
    maxima = {
        b: {per[b][1] for per in grades.values() if b in per} | set((maxima or {}).get(b, ()))
        for b in banks
    }
    varied = {b for b in banks if len(maxima[b]) > 1}
    possible = {b: PERCENT if b in varied else max(maxima[b]) for b in banks}
    scaled = tuple(
        Scaled(b, min(m for m in maxima[b] if m > 0), max(maxima[b])) for b in sorted(varied)
    )
    if not varied:
        return grades, possible, scaled
    on_scale: Grades = {}
    for student, per in grades.items():
        on_scale[student] = {
            bank: (_percent(score, out_of), PERCENT) if bank in varied else (score, out_of)
            for bank, (score, out_of) in per.items()
        }
    return on_scale, possible, scaled


def _percent(score: float | None, out_of: float) -> float | None:
    if score is None or out_of <= 0:
        return None
    return round(100 * score / out_of, 2) + 0.0  # + 0.0: no -0.0 for a score just below 0


@dataclass(frozen=True, slots=True)
class Gradebook:
    """A gradebook file's columns and rows, and the students the roster does not name."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    unmatched: tuple[str, ...] = field(default=())
    scaled: tuple[Scaled, ...] = field(default=())


def _students(grades: Grades) -> list[str]:
    return sorted(grades, key=lambda name: (name.casefold(), name))


def _banks(grades: Grades) -> list[str]:
    return sorted({bank for per in grades.values() for bank in per})


def moodle(
    grades: Grades,
    roster: Roster | None,
    id_column: str | None,
    maxima: Mapping[str, Collection[float]] | None = None,
) -> Gradebook:
    """Moodle's grade import: the identifier, then a column of points per bank."""
    grades, _possible, scaled = one_scale(grades, maxima)
    banks = _banks(grades)
    if roster is None:
        header = id_column or DEFAULT_ID_COLUMN
        ids = {student: student for student in grades}
    else:
        wanted = id_column or (roster.columns[0] if roster.columns else None)
        found = roster.column(wanted) if wanted else None
        if found is None:
            raise RosterError(
                f"{roster.path}:1: no column {wanted!r} to identify students; "
                f"the columns are: {', '.join(roster.columns) or 'only student'}"
            )
        header = found
        ids = {s: roster.students[s][found] for s in grades if s in roster.students}
    rows = []
    for student in _students(grades):
        if student not in ids:
            continue
        per = grades[student]
        rows.append((ids[student], *(per[b][0] if b in per else None for b in banks)))
    unmatched = tuple(s for s in _students(grades) if s not in ids)
    return Gradebook((header, *banks), tuple(rows), unmatched, scaled)


def canvas(
    grades: Grades, roster: Roster | None, maxima: Mapping[str, Collection[float]] | None = None
) -> Gradebook:
    """Canvas's gradebook import: the student columns, a `Points Possible` row, then a
    row of points per student."""
    grades, possible, scaled = one_scale(grades, maxima)
    banks = _banks(grades)
    fields = [roster.column(name) if roster else None for name in CANVAS_FIELDS]
    rows: list[tuple[Cell, ...]] = [
        ("Points Possible", *([""] * len(CANVAS_FIELDS)), *(possible[b] for b in banks))
    ]
    unmatched = []
    for student in _students(grades):
        known = roster.students.get(student) if roster else {}
        if known is None:
            unmatched.append(student)
            continue
        cells = [known.get(f, "") if f else "" for f in fields]
        per = grades[student]
        rows.append((student, *cells, *(per[b][0] if b in per else None for b in banks)))
    return Gradebook(("Student", *CANVAS_FIELDS, *banks), tuple(rows), tuple(unmatched), scaled)
