"""Who may sit the exam: the roster the teacher keeps, and one access code per student.

A roster is a CSV file with a `name` column (and an optional `id` column, the student's LMS
id) or a YAML list of the same. The codes live in a file beside the roster, `ROSTER.codes.json`
(readable by its owner only), with the sitting's key: generating them once and keeping the file
is what lets a restarted server recognise the same students and resume their attempts, and
generating them anew starts a new sitting. Codes are checked in constant time: every code is
compared, whichever matches.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casequiz.bank.files import FileProblem, read_regular
from casequiz.quiz.literal import literal

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I: a code read aloud or copied from paper is not misread."""
CODE_LENGTH = 10
"""32**10 = 2**50 codes: beyond guessing at the rate failures are allowed."""
MAX_ROSTER_BYTES = 1 << 20
MAX_NAME = 200


class RosterError(ValueError):
    """A roster or codes file that cannot be used: one line, `file:line: what`."""


@dataclass(frozen=True, slots=True)
class Student:
    name: str
    id: str = ""


@dataclass(frozen=True, slots=True)
class Seat:
    """A student with their code."""

    student: Student
    code: str


def normalise(code: str) -> str:
    """The code as typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")[: CODE_LENGTH * 4]


def display(code: str) -> str:
    """`ABCDE-FGHJK`, for printing."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _clean(value: Any, where: str, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise RosterError(f"{where}: `{what}` must be text")
    text = " ".join(str(value).split())
    if len(text) > MAX_NAME:
        raise RosterError(f"{where}: `{what}` is longer than {MAX_NAME} characters")
    if literal(text) != text:  # C0, DEL, C1 (a CSI in one byte), bidirectional overrides
        raise RosterError(f"{where}: `{what}` holds a control character")
    return text


def _read_text(path: Path) -> str:
    """The text of a roster or its codes file: a FIFO given for either would wait for ever."""
    try:
        data = read_regular(path, MAX_ROSTER_BYTES)
    except FileProblem as exc:
        raise RosterError(f"{path}: cannot read ({exc}); not a roster") from None
    except OSError as exc:
        raise RosterError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark else ""
            raise RosterError(f"{path}{line}: not YAML ({getattr(exc, 'problem', exc)})") from None
        except RecursionError:
            raise RosterError(f"{path}: not a roster (nested too deeply)") from None
        except ValueError as exc:  # PyYAML's int() of a number of thousands of digits
            raise RosterError(f"{path}: not a roster ({exc})") from None
        if isinstance(data, dict):
            data = data.get("students")
        if not isinstance(data, list):
            raise RosterError(f"{path}: a YAML roster is a list of students (name, id)")
        rows = []
        for number, item in enumerate(data, 1):
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, dict):
                raise RosterError(f"{path}: student {number}: give a name (and an id)")
            rows.append((number, item))
        return rows
    # newline="": a spreadsheet may end its rows with CR alone, and csv reads line ends itself.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
        if "name" not in fields:
            raise RosterError(f"{path}:1: a CSV roster needs a `name` column")
        reader.fieldnames = fields
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise RosterError(f"{path}:{max(reader.line_num, 1)}: {exc}") from None


def read_roster(path: Path) -> list[Student]:
    """The students of a roster, in its order; names must be unique (the store keys on them)."""
    students: list[Student] = []
    seen: dict[str, str] = {}
    for line, row in _rows(path, _read_text(path)):
        where = f"{path}:{line}"
        name = _clean(row.get("name"), where, "name")
        if not name:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            raise RosterError(f"{where}: a student without a name")
        key = name.casefold()
        if key in seen:
            raise RosterError(f"{where}: {name!r} is on the roster twice (first at {seen[key]})")
        seen[key] = where
        students.append(Student(name, _clean(row.get("id"), where, "id")))
    if not students:
        raise RosterError(f"{path}: the roster names no students")
    return students


def codes_path(roster: Path) -> Path:
    return roster.with_name(roster.name + ".codes.json")


@dataclass(frozen=True)
class Codes:
    """The seats of one sitting: who holds which code, and the sitting's key."""

    sitting: str
    seats: tuple[Seat, ...]

    def check(self, typed: str) -> Seat | None:
        """The seat whose code was typed, comparing every code in constant time."""
        attempt = normalise(typed).encode()
        found: Seat | None = None
        for seat in self.seats:
            if hmac.compare_digest(attempt, seat.code.encode()):
                found = seat
        return found


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def load_codes(roster: Path, *, create: bool = True, renew: bool = False) -> Codes:
    """The codes for the roster's students: kept ones reused, new students given new ones.

    `renew` discards every code and the sitting (a new exam: a second attempt for everyone).
    """
    students = read_roster(roster)
    path = codes_path(roster)
    kept: dict[str, str] = {}
    sitting = ""
    if path.exists() and not renew:
        try:
            document = json.loads(_read_text(path))
            sitting = str(document["sitting"])
            kept = {str(k): normalise(str(v)) for k, v in document["codes"].items()}
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            raise RosterError(f"{path}: not a casequiz codes file") from None
    elif not create:
        raise RosterError(f"{path}: no codes yet; make them with `casequiz roster codes`")
    changed = not sitting or any(s.name not in kept for s in students)
    sitting = sitting or secrets.token_hex(8)
    used = set(kept.values())
    seats = []
    for student in students:
        code = kept.get(student.name)
        if not code:
            code = new_code()
            while code in used:
                code = new_code()
            used.add(code)
        seats.append(Seat(student, code))
    codes = Codes(sitting, tuple(seats))
    if changed:
        document = {
            "kind": "casequiz-codes",
            "sitting": sitting,
            "codes": {**kept, **{seat.student.name: seat.code for seat in seats}},
        }
        try:
            _write_private(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            raise RosterError(f"{path}: cannot write the codes ({exc.strerror})") from None
    return codes


def codes_table(codes: Codes) -> str:
    """The codes as the teacher prints them: name, id, code, one per line."""
    width = max(len(seat.student.name) for seat in codes.seats)
    lines = [f"{'name':<{width}}  {'id':<10}  code"]
    for seat in codes.seats:
        lines.append(f"{seat.student.name:<{width}}  {seat.student.id:<10}  {display(seat.code)}")
    return "\n".join(lines)
