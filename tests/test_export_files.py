"""`casequiz export` into files other tools open: an xlsx workbook, Moodle's and Canvas's
gradebook imports; and the format that follows the file's name.

The workbook is read back with openpyxl, cell by cell, as a spreadsheet would open it; the
gradebook CSVs are compared with golden files written from each LMS's documented format
(tests/data/gradebook/README.md).
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.grade.gradebook import Scaled, best_grades, one_scale
from casequiz.grade.tables import ATTEMPT_COLUMNS, QUESTION_COLUMNS, TOPIC_COLUMNS, Table
from cli_support import run
from test_grade_support import cli, fill, record

GOLDEN = Path(__file__).parent / "data" / "gradebook"
EVE = "=Eve, the 3rd"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three students, two banks; Ana took eba-terms twice (the second is better)."""
    day2 = {"started": "2026-03-03T09:00:00.000+00:00", "finished": "2026-03-03T09:10:00.000+00:00"}
    return fill(
        tmp_path / "results.db",
        [
            record("Ana Lim", {"q1": (1, 1), "q2": (0, 1)}, bank="eba-terms"),
            record("Ana Lim", {"q1": (1, 1), "q2": (1, 1)}, bank="eba-terms", **day2),
            record("Bo Chan", {"q1": (0.5, 1), "q2": None}, bank="eba-terms"),
            record(EVE, {"t1": (2, 2)}, bank="timeline", responses={"t1": "=1+1"}),
            record("Bo Chan", {"t1": (1, 2)}, bank="timeline"),
        ],
    )


@pytest.fixture
def phnom_penh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The grader's clock in Phnom Penh (UTC+7, no daylight saving)."""
    monkeypatch.setenv("TZ", "Asia/Phnom_Penh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def test_the_workbook_has_a_typed_cell_for_every_column(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], phnom_penh: None
) -> None:
    out = tmp_path / "grades.xlsx"
    code, stdout, stderr = cli(capsys, db, "export", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert f"wrote xlsx to {out}" in stderr
    book = _book(out)
    assert book.sheetnames == ["Attempts", "Answers", "Topics"]
    expected = {"Attempts": ATTEMPT_COLUMNS, "Answers": QUESTION_COLUMNS, "Topics": TOPIC_COLUMNS}
    text = {"attempt", "student", "bank", "bank_hash", "mode", "question", "topic", "response"}
    text |= {"verdict", "verified"}
    numbers = {"duration_s", "score", "max", "percent", "seconds", "attempts", "questions"}
    numbers |= {"answered"}
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert header[: len(expected[sheet.title])] == list(expected[sheet.title])
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        for column, name in enumerate(header, start=1):
            width = sheet.column_dimensions[sheet.cell(1, column).column_letter].width
            assert width >= len(name)
            for row in range(2, sheet.max_row + 1):
                cell = sheet.cell(row, column)
                value = cell.value
                assert cell.data_type != "f"
                if value is None:
                    continue
                if name in ("started", "finished"):
                    assert isinstance(value, datetime) and cell.is_date
                elif name in numbers or name.endswith(" (%)"):
                    assert isinstance(value, int | float) and not isinstance(value, bool), name
                else:
                    assert name in text, name
                    assert isinstance(value, str) and cell.data_type == "s"
                    assert not value.startswith("'")
                width_needed = len(str(value)) if not isinstance(value, datetime) else 19
                assert width >= min(width_needed, 60)
    attempts = book["Attempts"]
    rows = [
        dict(zip(ATTEMPT_COLUMNS, (c.value for c in r), strict=False))
        for r in attempts.iter_rows(min_row=2)
    ]
    assert EVE in {r["student"] for r in rows}  # text as written: no `'` in front
    (eve,) = [r for r in rows if r["student"] == EVE]
    assert eve["started"] == datetime(2026, 3, 2, 16, 0)  # 09:00 UTC, read in Phnom Penh
    assert eve["score"] == 2 and eve["percent"] == 100
    answers = book["Answers"]
    responses = [r[QUESTION_COLUMNS.index("response")].value for r in answers.iter_rows(min_row=2)]
    assert "=1+1" in responses


def test_by_chooses_one_sheet(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "answers.xlsx"
    assert cli(capsys, db, "export", "--by", "question", "-o", str(out))[0] == 0
    book = _book(out)
    assert book.sheetnames == ["Answers"]
    assert book["Answers"].max_row == 1 + 8  # a row per drawn question of the 5 attempts


def test_the_format_follows_the_file_name(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, magic in (("g.xlsx", b"PK\x03\x04"), ("g.csv", b"attempt,"), ("g.json", b"[")):
        out = tmp_path / name
        assert cli(capsys, db, "export", "-o", str(out))[0] == 0
        assert out.read_bytes().startswith(magic), name
    out = tmp_path / "grades.txt"
    assert cli(capsys, db, "export", "--format", "xlsx", "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(b"PK\x03\x04")


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csv", "g.xlsx"), ("xlsx", "g.csv"), ("json", "g.xlsx"), ("moodle-grades", "g.xlsx")],
)
def test_a_format_the_file_name_contradicts_is_a_usage_error(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str
) -> None:
    out = tmp_path / name
    code, _, stderr = cli(capsys, db, "export", "--format", fmt, "-o", str(out))
    assert code == 2
    assert f"--format {fmt} writes" in stderr and str(out) in stderr
    assert not out.exists()


def test_moodle_grades_match_the_golden_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "moodle.csv"
    code, _, stderr = cli(
        capsys,
        db,
        "export",
        "--format",
        "moodle-grades",
        "--roster",
        str(GOLDEN / "roster.csv"),
        "--id-column",
        "email address",
        "-o",
        str(out),
    )
    assert code == 0, stderr
    assert out.read_bytes() == (GOLDEN / "moodle-grades.csv").read_bytes()


def test_canvas_grades_match_the_golden_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "canvas.csv"
    roster = str(GOLDEN / "roster.csv")
    code, _, stderr = cli(
        capsys, db, "export", "--format", "canvas-grades", "--roster", roster, "-o", str(out)
    )
    assert code == 0, stderr
    assert out.read_bytes() == (GOLDEN / "canvas-grades.csv").read_bytes()


def test_without_a_roster_the_names_are_the_identifiers(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, _ = cli(capsys, db, "export", "--format", "moodle-grades")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "username,eba-terms,timeline"
    assert lines[1:] == ['"\'=Eve, the 3rd",,2.0', "Ana Lim,2.0,", "Bo Chan,0.5,1.0"]
    code, stdout, _ = cli(capsys, db, "export", "--format", "canvas-grades")
    assert stdout.splitlines()[3] == "Ana Lim,,,,,2.0,"


def test_the_attempt_chosen_is_the_one_graded(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = cli(capsys, db, "export", "--format", "moodle-grades", "--attempts", "first")
    assert code == 0
    assert "Ana Lim,1.0," in stdout.splitlines()


def test_grades_out_of_different_maxima_are_percentages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attempts drawn from a pool: 2 of 8 points is a quarter, not the 2 of 11 another
    student's 2 is; a bank whose attempts have different maxima is graded in percent, and the
    same attempt keeps its grade whatever else the export holds."""
    db = fill(
        tmp_path / "results.db",
        [
            record("Dara", {"q1": (2, 4), "q2": (0, 4)}),
            record("Sokha", {"q1": (2, 5), "q2": (0, 6)}),
            record("Vann", {"q1": (5, 5), "q2": (6, 6)}),
            record("Dara", {"t1": (1, 2)}, bank="timeline"),
            record("Vann", {"t1": (2, 2)}, bank="timeline"),
        ],
    )
    code, stdout, stderr = cli(capsys, db, "export", "--format", "canvas-grades")
    assert code == 0
    assert stdout.splitlines()[1:] == [
        "Points Possible,,,,,100.0,2.0",
        "Dara,,,,,25.0,1.0",
        "Sokha,,,,,18.18,",
        "Vann,,,,,100.0,2.0",
    ]
    assert stderr.splitlines() == [
        "quiz: attempts were out of 8 to 11 points; each grade is a percentage of its own "
        "attempt's maximum, out of 100"
    ]
    code, stdout, stderr = cli(capsys, db, "export", "--format", "moodle-grades")
    assert stdout.splitlines()[1:] == ["Dara,25.0,1.0", "Sokha,18.18,", "Vann,100.0,2.0"]
    assert stderr.endswith("out of 100 (give the grade item a maximum of 100)\n")
    # Dara's grade is hers alone: the same when she is exported alone, or by a roster of one
    code, stdout, _ = cli(capsys, db, "export", "--format", "moodle-grades", "--student", "Dara")
    assert stdout.splitlines()[1:] == ["Dara,25.0,1.0"]
    roster = tmp_path / "roster.csv"
    roster.write_text("student,username\nDara,dara\n", encoding="utf-8")
    code, stdout, _ = cli(
        capsys, db, "export", "--format", "canvas-grades", "--roster", str(roster)
    )
    assert stdout.splitlines()[1:] == ["Points Possible,,,,,100.0,2.0", "Dara,,,,,25.0,1.0"]


def test_the_scale_is_kept_where_every_attempt_has_the_same_maximum() -> None:
    grades = {"ann": {"b": (3.0, 4.0)}, "bo": {"b": (-0.0, 4.0)}}
    assert one_scale(grades) == (grades, {"b": 4.0}, ())


def test_percentages_leave_an_attempt_out_of_nothing_without_a_grade() -> None:
    grades = {"ann": {"b": (1.0, 3.0)}, "bo": {"b": (0.0, 0.0)}, "cy": {"b": (-1e-9, 4.0)}}
    scaled, possible, said = one_scale(grades)
    assert scaled == {
        "ann": {"b": (33.33, 100.0)},
        "bo": {"b": (None, 100.0)},
        "cy": {"b": (0.0, 100.0)},
    }
    assert math.copysign(1.0, scaled["cy"]["b"][0]) == 1.0  # not -0.0
    assert possible == {"b": 100.0}
    assert said == (Scaled("b", 3.0, 4.0),)


def test_the_best_attempt_is_the_best_share_the_earliest_of_equals() -> None:
    """3 of 4 beats 4 of 8, though it is fewer points; of two equal shares, the first."""
    table = Table(
        "attempt",
        ("student", "bank", "score", "max", "started"),
        (
            ("ann", "b", 4.0, 8.0, "2026-03-01"),
            ("ann", "b", 3.0, 4.0, "2026-03-02"),
            ("bo", "b", 1.0, 2.0, "2026-03-01"),
            ("bo", "b", 2.0, 4.0, "2026-03-02"),
        ),
    )
    assert best_grades(table) == {"ann": {"b": (3.0, 4.0)}, "bo": {"b": (1.0, 2.0)}}


def test_a_student_missing_from_the_roster_is_said_and_left_out(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,username\nAna Lim,alim\nBo Chan,bchan\n", encoding="utf-8")
    code, stdout, stderr = cli(
        capsys, db, "export", "--format", "moodle-grades", "--roster", str(roster)
    )
    assert code == 1
    assert f"{roster}: warning: no row for student '=Eve, the 3rd': left out" in stderr
    assert stdout.splitlines() == ["username,eba-terms,timeline", "alim,2.0,", "bchan,0.5,1.0"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name,id\nAna,1\n", ":1: no `student` column"),
        ("student,id\nAna,1\nAna,2\n", ":3: 'Ana' is already on line 2"),
        ("student,id\nAna,1,extra\n", ":2: 3 cells, but 2 columns"),
        ("student,id\n,1\n", ":2: no student name"),
        ("", ":1: empty"),
    ],
)
def test_a_malformed_roster_says_where(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    code, stdout, stderr = cli(
        capsys, db, "export", "--format", "canvas-grades", "--roster", str(roster)
    )
    assert code == 1 and stdout == ""
    assert f"{roster}{where}" in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_a_roster_without_the_id_column_is_a_usage_error(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = str(GOLDEN / "roster.csv")
    code, _, stderr = cli(
        capsys, db, "export", "--format", "moodle-grades", "--roster", roster, "--id-column", "nope"
    )
    assert code == 2 and "no column 'nope'" in stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["--roster", "x.csv"],
        ["--format", "canvas-grades", "--id-column", "email"],
        ["--format", "xlsx", "--excel", "-o", "g.xlsx"],
        ["--format", "moodle-grades", "--by", "question"],
        ["--format", "moodle-grades", "--roster", "missing.csv"],
        ["--format", "moodle-grades", "--roster", "x" * 300],
        ["--format", "moodle-grades", "--roster", "/dev/null"],
    ],
)
def test_options_of_other_formats_are_usage_errors(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert cli(capsys, db, "export", *argv)[0] == 2


def test_the_workbook_reads_back_from_stdout_when_piped(
    db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from casequiz.cli.main import main

    assert main(["--db", str(db), "export", "--format", "xlsx", "--by", "topic"]) == 0
    data = capsysbinary.readouterr().out
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Topics"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(["--roster", "--id-column"]),
    value=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))),
)
def test_any_roster_or_id_column_is_answered_with_an_exit_code(
    db: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, _, _ = run(capsys, "--db", str(db), "export", "--format", "moodle-grades", option, value)
    assert code in (0, 1, 2)
