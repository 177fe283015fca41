"""Every defective bank in `tests/data/invalid/` is reported with its code, line and column.

`expected.yaml` beside the banks lists every diagnostic each one must earn, and nothing else.
The few codes no single file can earn (a file too large to commit, a file that cannot be read,
two banks with one id, a link out of the folder) are produced in a temporary folder here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from casequiz.bank import yamlread
from casequiz.bank.codes import CODES
from casequiz.bank.diagnostics import BankError
from casequiz.bank.load import check_file, check_paths, load_banks
from casequiz.bank.yamlread import MAX_BYTES, read_yaml

CORPUS = Path(__file__).parent / "data" / "invalid"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
BANKS = sorted(p.name for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml")

NOT_FROM_ONE_FILE = {"E101", "E107", "E301"}
"""Codes produced by the tests below rather than by a file of the corpus."""

BANK = """\
casequiz: 1
id: {bank_id}
title: A small bank
sources:
  memo:
    title: A memo
    file: {file}
questions:
  - id: capital
    type: single
    prompt: Which city is the capital?
    options: [Phnom Penh, Siem Reap]
    answer: Phnom Penh
    source: {{ref: memo, quote: "The capital, Phnom Penh, hosts the ministry."}}
"""


def reported(path: Path, **options: Any) -> list[list[Any]]:
    result = check_file(path, use_cache=False, display=path.name, **options)
    return [[d.code, d.line, d.col] for d in result.diagnostics]


def test_the_corpus_is_large_and_every_bank_has_an_expectation() -> None:
    assert len(BANKS) >= 30
    assert sorted(EXPECTED) == BANKS


def test_the_corpus_earns_every_code() -> None:
    earned = {code for entry in EXPECTED.values() for code, _, _ in entry["report"]}
    assert earned | NOT_FROM_ONE_FILE == set(CODES)


def test_each_bank_but_one_holds_exactly_one_mistake() -> None:
    several = {name for name, entry in EXPECTED.items() if len(entry["report"]) > 1}
    assert several == {"several-mistakes.yaml"}


@pytest.mark.parametrize("name", BANKS)
def test_a_defective_bank_is_reported_at_its_line(name: str) -> None:
    assert reported(CORPUS / name) == EXPECTED[name]["report"]


@pytest.mark.parametrize("name", BANKS)
def test_the_pure_python_parser_reports_the_same(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where libyaml is missing, PyYAML's own parser stands in, with the same results."""
    monkeypatch.setattr(yamlread, "_Loader", yaml.SafeLoader)
    assert reported(CORPUS / name) == EXPECTED[name]["report"]


@pytest.mark.parametrize("name", BANKS)
def test_each_diagnostic_is_one_line_in_compiler_form(name: str) -> None:
    result = check_file(CORPUS / name, use_cache=False, display=name)
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        line = diagnostic.format()
        severity = "warning" if diagnostic.code.startswith("W") else "error"
        assert line.startswith(
            f"{name}:{diagnostic.line}:{diagnostic.col}: {severity}[{diagnostic.code}]: "
        )
        assert "\n" not in line
        assert len(diagnostic.message) > 15


def test_a_bank_with_several_mistakes_lists_every_one_at_its_own_line() -> None:
    result = check_file(CORPUS / "several-mistakes.yaml", use_cache=False)
    lines = [d.line for d in result.errors]
    assert len(result.errors) == 13
    assert len(set(lines)) == 13
    assert lines == sorted(lines)
    assert {d.code for d in result.errors} == {
        "E201",
        "E204",
        "E205",
        "E207",
        "E300",
        "E302",
        "E303",
        "E304",
        "E305",
        "E306",
        "E307",
        "E400",
        "E401",
    }


def test_load_banks_raises_with_every_error() -> None:
    with pytest.raises(BankError) as caught:
        load_banks([CORPUS / "several-mistakes.yaml"], use_cache=False)
    assert len(caught.value.diagnostics) == 13
    assert "several-mistakes.yaml:3:5: error[E207]" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("answer: No", 'YAML read No as the boolean false: write it in quotes, "No"'),
        ("answer: yes", 'YAML read yes as the boolean true: write it in quotes, "yes"'),
        ("answer: 1:30", 'YAML read 1:30 as the number 90: write it in quotes, "1:30"'),
        ("answer: 1.10", 'YAML read 1.10 as the number 1.1: write it in quotes, "1.10"'),
        ("answer: 2019-05-01", "YAML read 2019-05-01 as the date 2019-05-01"),
        ("answer: ~", "'answer' is empty: give it a text"),
    ],
)
def test_text_that_yaml_reads_as_something_else_is_explained(
    tmp_path: Path, text: str, message: str
) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "casequiz: 1\nid: t\ntitle: T\nquestions:\n"
        f"  - id: q\n    type: short\n    prompt: P?\n    {text}\n"
    )
    [diagnostic] = check_file(bank, use_cache=False).errors
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("E204", 8, 13)
    assert message in diagnostic.message


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    bank = tmp_path / "huge.yaml"
    with bank.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: no 32 MB written
    [diagnostic] = check_file(bank, use_cache=False).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("E101", 1, 1)
    assert "at most 32 MB" in diagnostic.message


def test_oversized_bytes_are_refused_by_the_reader() -> None:
    with pytest.raises(BankError) as caught:
        read_yaml("huge.yaml", b"#" * (MAX_BYTES + 1))
    assert [d.code for d in caught.value.diagnostics] == ["E101"]


def test_a_file_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-file.yaml"
    folder.mkdir()
    [diagnostic] = check_file(folder, use_cache=False).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("E107", 1, 1)
    assert "cannot read the file" in diagnostic.message


def test_two_banks_with_one_id_are_reported_on_the_second(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("The capital, Phnom Penh, hosts the ministry.\n")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(BANK.format(bank_id="same", file="memo.txt"))
    first, second = check_paths([tmp_path], use_cache=False)
    assert first.diagnostics == []
    assert [(d.code, d.line, d.col) for d in second.diagnostics] == [("E301", 1, 1)]
    assert str(tmp_path / "a.yaml") in second.diagnostics[0].message
    with pytest.raises(BankError):
        load_banks([tmp_path], use_cache=False)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_source_file_that_links_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("The capital, Phnom Penh, hosts the ministry.\n")
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "memo.txt").symlink_to(outside)
    bank = folder / "bank.yaml"
    bank.write_text(BANK.format(bank_id="linked", file="memo.txt"))
    [diagnostic] = check_file(bank, use_cache=False).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("E401", 7, 11)
    assert "through a link" in diagnostic.message


def test_sources_dir_checks_excerpts_of_a_source_without_file(tmp_path: Path) -> None:
    bank = CORPUS / "w400-no-source-text.yaml"
    (tmp_path / "memo.txt").write_text("The capital, Phnom Penh, hosts the ministry.\n")
    assert reported(bank, sources_dir=tmp_path) == []
    (tmp_path / "memo.txt").write_text("The capital is Phnom Penh.\n")
    assert reported(bank, sources_dir=tmp_path) == [["E402", 15, 32]]


def test_sources_dir_without_the_text_warns(tmp_path: Path) -> None:
    [[code, line, col]] = reported(CORPUS / "e402-quote-not-verbatim.yaml", sources_dir=tmp_path)
    assert (code, line, col) == ("W400", 6, 3)


def test_an_excerpt_forgives_only_spacing_and_quote_marks(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text(
        "The \u201cEverything\u00a0but  Arms\u201d\nscheme is old.\n", encoding="utf-8"
    )
    bank = tmp_path / "bank.yaml"
    template = BANK.replace("The capital, Phnom Penh, hosts the ministry.", "{quote}")
    for quote, codes in [
        ('The \\"Everything but Arms\\" scheme', []),
        ("The \u201cEverything but Arms\u201d  scheme is old.", []),
        ("The \\u201Ceverything but Arms\\u201D scheme", ["E402"]),
        ("The \\u201CEverything but arms\\u201D scheme", ["E402"]),
        ("The \\u201CEverything but Arms\\u201D scheme.", ["E402"]),
    ]:
        bank.write_text(template.format(bank_id="b", file="memo.txt", quote=quote))
        found = [d.code for d in check_file(bank, use_cache=False).diagnostics]
        assert found == codes, quote


@pytest.mark.parametrize("field", ["tolerance", "answer", "points"])
def test_a_number_past_a_floats_range_is_a_diagnostic(tmp_path: Path, field: str) -> None:
    """A whole number of four hundred digits is no float: one line at its place, no
    OverflowError out of the check."""
    big = "1" + "0" * 400
    values = {"answer": "5", "tolerance": "1", field: big}
    bank = tmp_path / "big.yaml"
    bank.write_text(
        "casequiz: 1\nid: big\ntitle: Big\nquestions:\n  - id: q1\n    type: numeric\n"
        "    prompt: How many?\n"
        + "".join(f"    {name}: {value}\n" for name, value in values.items()),
        encoding="utf-8",
    )
    found = reported(bank)
    assert len(found) == 1
    assert found[0][1] == 8 + list(values).index(field)  # its line
