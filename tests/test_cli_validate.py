"""`casequiz validate`: exit codes, both output formats, the summary line, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from casequiz.cli.main import main

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid" / "all-types.yaml"
CORPUS = DATA / "invalid"
SEVERAL = CORPUS / "several-mistakes.yaml"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casequiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_a_valid_bank_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, str(VALID), "--no-cache") == (
        0,
        "1 bank, 9 questions: 0 errors, 0 warnings\n",
        "",
    )


def test_a_folder_is_searched_for_banks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, str(VALID.parent), "--no-cache")
    assert (code, out) == (0, "1 bank, 9 questions: 0 errors, 0 warnings\n")


def test_an_invalid_bank_exits_1_listing_every_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = validate(capsys, str(SEVERAL), "--no-cache")
    *lines, summary = out.splitlines()
    assert code == 1
    assert err == ""
    assert summary == "1 bank, 7 questions: 13 errors, 0 warnings (1 of 1 invalid)"
    expected = EXPECTED["several-mistakes.yaml"]["report"]
    assert len(lines) == len(expected)
    for line, (code_, row, col) in zip(lines, expected, strict=True):
        assert line.startswith(f"{SEVERAL}:{row}:{col}: error[{code_}]: ")
    assert lines[0] == (
        f"{SEVERAL}:3:5: error[E207]: 'id' must be a lowercase slug such as 'eba-terms' "
        "(a-z and 0-9, joined by '-', '_' or '.'), not 'Trade Terms'"
    )


def test_several_banks_are_summed_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(
        capsys, str(VALID), str(CORPUS / "e302-answer-not-option.yaml"), "--no-cache"
    )
    assert code == 1
    assert out.splitlines()[-1] == "2 banks, 10 questions: 1 error, 0 warnings (1 of 2 invalid)"


def test_warnings_alone_exit_0_and_fail_with_strict(capsys: pytest.CaptureFixture[str]) -> None:
    bank = str(CORPUS / "w401-no-excerpt.yaml")
    code, out, _ = validate(capsys, bank, "--no-cache")
    assert code == 0
    assert "warning[W401]" in out
    assert out.splitlines()[-1] == "1 bank, 2 questions: 0 errors, 1 warning"
    assert validate(capsys, bank, "--no-cache", "--strict")[0] == 1


def test_sources_folder_checks_the_excerpts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = str(CORPUS / "w400-no-source-text.yaml")
    code, out, _ = validate(capsys, bank, "--no-cache")
    assert (code, out.count("warning[W400]")) == (0, 1)
    (tmp_path / "memo.txt").write_text("Elsewhere, the capital hosts the ministry.\n")
    code, out, _ = validate(capsys, bank, "--no-cache", "--sources", str(tmp_path))
    assert code == 1
    assert f"{bank}:15:32: error[E402]" in out
    (tmp_path / "memo.txt").write_text("The capital, Phnom Penh, hosts the ministry.\n")
    code, out, _ = validate(capsys, bank, "--no-cache", "--sources", str(tmp_path))
    assert (code, out) == (0, "1 bank, 1 question: 0 errors, 0 warnings\n")


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, str(VALID), str(SEVERAL), "--format", "json", "--no-cache")
    report = json.loads(out)
    assert (code, err) == (1, "")
    assert (report["valid"], report["errors"], report["warnings"]) == (False, 13, 0)
    assert report["banks"] == [
        {"file": str(VALID), "id": "all-types", "questions": 9, "valid": True},
        {"file": str(SEVERAL), "id": "Trade Terms", "questions": 7, "valid": False},
    ]
    first = report["diagnostics"][0]
    assert first == {
        "file": str(SEVERAL),
        "line": 3,
        "col": 5,
        "code": "E207",
        "message": first["message"],
        "severity": "error",
    }
    assert [[d["code"], d["line"], d["col"]] for d in report["diagnostics"]] == EXPECTED[
        "several-mistakes.yaml"
    ]["report"]


def test_json_report_of_a_valid_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, str(VALID), "--format", "json", "--no-cache")
    report = json.loads(out)
    assert (code, report["valid"], report["diagnostics"]) == (0, True, [])


def test_json_report_counts_warnings_against_strict(capsys: pytest.CaptureFixture[str]) -> None:
    bank = str(CORPUS / "w402-unused-source.yaml")
    code, out, _ = validate(capsys, bank, "--format", "json", "--strict", "--no-cache")
    report = json.loads(out)
    assert (code, report["valid"], report["warnings"]) == (1, False, 1)
    assert report["diagnostics"][0]["severity"] == "warning"


def test_a_folder_without_banks_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, str(tmp_path)) == (1, "no bank files (*.yaml, *.yml) found\n", "")


def test_an_unknown_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = validate(capsys, "no/such/bank.yaml")
    assert (code, out) == (2, "")
    assert err == "casequiz: error: no such file or folder: no/such/bank.yaml\n"


def test_a_missing_sources_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = validate(capsys, str(VALID), "--sources", "no/such/folder")
    assert code == 2
    assert err == "casequiz: error: --sources: no such folder: no/such/folder\n"


@pytest.mark.parametrize("args", [[], ["--format", "xml", "bank.yaml"]])
def test_bad_arguments_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *args]) == 2
    assert "usage: casequiz validate" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defective_bank_is_reported_without_a_traceback(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = EXPECTED[name]["report"]
    errors = sum(1 for code, _, _ in report if code.startswith("E"))
    code, out, err = validate(capsys, str(CORPUS / name), "--no-cache")
    assert code == (1 if errors else 0)
    assert err == ""
    assert len(out.splitlines()) == len(report) + 1


def test_the_whole_corpus_in_a_real_process(capsys: pytest.CaptureFixture[str]) -> None:
    """One process over every defective bank: exit 1, every diagnostic, no traceback.

    The banks share one id, so all but the first also earn E301.
    """
    banks = [str(CORPUS / name) for name in sorted(EXPECTED)]
    done = run("validate", *banks, "--no-cache")
    assert done.returncode == 1
    assert done.stderr == ""
    assert "Traceback" not in done.stdout
    lines = done.stdout.splitlines()
    own = [line for line in lines[:-1] if "error[E301]" not in line]
    assert len(own) == sum(len(entry["report"]) for entry in EXPECTED.values())
    assert len(lines) - 1 - len(own) > 40
    assert lines[-1].startswith(f"{len(banks)} banks, ")
    assert validate(capsys, *banks, "--no-cache") == (1, done.stdout, "")


def test_a_usage_error_in_a_real_process_is_one_line(tmp_path: Path) -> None:
    done = run("validate", "missing.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "casequiz: error: no such file or folder: missing.yaml\n"


def test_an_oversized_bank_in_a_real_process(tmp_path: Path) -> None:
    bank = tmp_path / "huge.yaml"
    with bank.open("wb") as out:
        out.truncate(33 * 1024 * 1024)
    done = run("validate", "huge.yaml", "--no-cache", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout.startswith("huge.yaml:1:1: error[E101]: the file is 33.0 MB")
