"""The cache of checked banks: a hit equals a fresh check; anything stale or damaged is ignored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from casequiz.bank import cache, load
from casequiz.bank.load import CheckResult, check_file
from casequiz.cli.main import main

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "invalid"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A copy of the valid bank and its source text, free to be changed."""
    folder = tmp_path / "case"
    shutil.copytree(DATA / "valid", folder)
    return folder / "all-types.yaml"


class ColdChecks:
    """Counts the checks that did not come from the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = load._check_cold

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(load, "_check_cold", counted)


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> ColdChecks:
    return ColdChecks(monkeypatch)


def only_entry(folder: Path) -> Path:
    [entry] = folder.glob("*.json")
    return entry


def summary(result: CheckResult) -> tuple[Any, ...]:
    return (result.diagnostics, result.bank_id, result.questions, result.path, result.display)


def test_a_warm_check_equals_the_cold_one(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    first = check_file(case, need_bank=True)
    second = check_file(case, need_bank=True)
    assert cold.count == 1
    assert summary(second) == summary(first)
    assert first.loaded is not None and second.loaded is not None
    assert second.loaded.bank == first.loaded.bank
    assert second.loaded.digest == first.loaded.digest
    assert second.loaded.source_files == first.loaded.source_files
    assert second.loaded.source_text("memo") is not None


@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml")
)
def test_a_warm_check_reports_what_the_cold_one_did(
    name: str, cache_dir: Path, cold: ColdChecks
) -> None:
    first = check_file(CORPUS / name, display=name)
    second = check_file(CORPUS / name, display=name)
    assert cold.count == 1
    assert second.diagnostics == first.diagnostics
    assert (second.bank_id, second.questions) == (first.bank_id, first.questions)


def test_a_hit_names_the_file_as_it_is_asked_for(cache_dir: Path) -> None:
    path = CORPUS / "e302-answer-not-option.yaml"
    check_file(path, display="first name.yaml")
    [diagnostic] = check_file(path, display="second name.yaml").diagnostics
    assert diagnostic.file == "second name.yaml"


def test_an_entry_is_json_with_a_header_line(case: Path, cache_dir: Path) -> None:
    check_file(case)
    header, bank_summary, body = only_entry(cache_dir).read_bytes().split(b"\n", 2)
    assert json.loads(header)["bank_id"] == "all-types"
    assert json.loads(bank_summary)["id"] == "all-types"
    assert json.loads(body)["id"] == "all-types"


def test_a_truncated_entry_is_ignored(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    expected = check_file(case, need_bank=True)
    entry = only_entry(cache_dir)
    entry.write_bytes(entry.read_bytes()[:-40])
    again = check_file(case, need_bank=True)
    assert cold.count == 2
    assert summary(again) == summary(expected)
    assert again.loaded is not None


def test_an_entry_cut_inside_its_header_is_ignored(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    check_file(case)
    entry = only_entry(cache_dir)
    entry.write_bytes(entry.read_bytes()[:30])
    assert check_file(case).diagnostics == []
    assert cold.count == 2


def test_a_tampered_body_is_ignored(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    check_file(case, need_bank=True)
    entry = only_entry(cache_dir)
    raw = entry.read_bytes()
    assert raw.count(b"Phnom Penh") >= 2
    entry.write_bytes(raw.replace(b"Phnom Penh", b"Phnom Phen"))  # same length
    again = check_file(case, need_bank=True)
    assert cold.count == 2
    assert again.loaded is not None
    assert again.loaded.bank.questions[0].answer == "Phnom Penh"  # type: ignore[union-attr]


def test_an_entry_for_another_key_is_ignored(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    check_file(case)
    entry = only_entry(cache_dir)
    header, body = entry.read_bytes().split(b"\n", 1)  # body: the summary line and the bank
    fields = json.loads(header)
    fields["key"] = "0" * 64
    entry.write_bytes(json.dumps(fields).encode() + b"\n" + body)
    check_file(case)
    assert cold.count == 2


def test_garbage_in_the_cache_is_ignored(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    check_file(case)
    only_entry(cache_dir).write_bytes(b"\x80not json at all\n{")
    assert check_file(case).diagnostics == []
    assert cold.count == 2


def test_a_changed_source_text_makes_the_entry_stale(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    assert check_file(case).diagnostics == []
    memo = case.with_name("memo.txt")
    memo.write_text(memo.read_text().replace("reached $5.8 billion", "reached $6 billion"))
    [diagnostic] = check_file(case).diagnostics
    assert (diagnostic.code, diagnostic.line) == ("E402", 51)
    assert cold.count == 2


def test_a_source_text_that_appears_makes_the_entry_stale(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    memo = case.with_name("memo.txt")
    text = memo.read_text()
    memo.unlink()
    assert [d.code for d in check_file(case).diagnostics] == ["E403"]
    memo.write_text(text)
    assert check_file(case).diagnostics == []
    assert cold.count == 2


def test_a_text_added_to_the_sources_folder_makes_the_entry_stale(
    tmp_path: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    bank = CORPUS / "w400-no-source-text.yaml"
    assert [d.code for d in check_file(bank, sources_dir=texts).diagnostics] == ["W400"]
    (texts / "memo.txt").write_text("The capital, Phnom Penh, hosts the ministry.")
    assert check_file(bank, sources_dir=texts).diagnostics == []
    assert cold.count == 2


def test_a_changed_bank_is_checked_again(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    check_file(case)
    case.write_text(case.read_text().replace("answer: Phnom Penh", "answer: Phnom Phen"))
    assert [d.code for d in check_file(case).diagnostics] == ["E302"]
    assert cold.count == 2


def test_another_casequiz_version_does_not_use_the_entry(
    case: Path, cache_dir: Path, cold: ColdChecks, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_file(case)
    monkeypatch.setattr(cache, "__version__", "99.0")
    check_file(case)
    assert cold.count == 2


def test_the_sources_folder_is_part_of_the_key(
    case: Path, tmp_path: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    check_file(case)
    check_file(case, sources_dir=tmp_path)
    assert cold.count == 2


def test_use_cache_false_neither_reads_nor_writes(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    check_file(case, use_cache=False)
    check_file(case, use_cache=False)
    assert cold.count == 2
    assert not cache_dir.exists()


def test_validate_no_cache_bypasses_the_cache(
    case: Path, cache_dir: Path, cold: ColdChecks, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(case)]) == 0
    assert main(["validate", str(case)]) == 0
    assert cold.count == 1
    only_entry(cache_dir).write_bytes(b"broken")
    assert main(["validate", str(case), "--no-cache"]) == 0
    assert cold.count == 2
    assert only_entry(cache_dir).read_bytes() == b"broken"
    assert capsys.readouterr().out.count("1 bank, 8 questions: 0 errors, 0 warnings") == 3


def test_a_cache_that_cannot_be_written_is_not_used(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold: ColdChecks
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(blocked / "cache"))
    assert check_file(case).diagnostics == []
    assert check_file(case).diagnostics == []
    assert cold.count == 2
    assert list(tmp_path.glob("*.tmp")) == []


def _facts(result: CheckResult) -> list[tuple[Any, ...]]:
    assert result.summary is not None
    guessed = ("options", "answer", "answers", "scoring", "items", "pairs", "distractors")
    return [
        (q.id, q.type, q.topic, q.points, *(getattr(q, f, None) for f in guessed))
        for q in result.summary.questions
    ]


def test_a_summary_from_the_cache_says_what_the_bank_says(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    first = check_file(case, need_summary=True)  # checked cold: the summary from the model
    again = check_file(case, need_summary=True)
    assert cold.count == 1
    assert again.loaded is None and again.summary is not None
    assert _facts(again) == _facts(first)
    assert (again.summary.id, again.summary.title) == ("all-types", first.summary.title)  # type: ignore[union-attr]
    assert again.summary.digest == cache.file_digest(case)
    bank = check_file(case, need_bank=True).loaded
    assert bank is not None
    assert [q.id for q in again.summary.questions] == [q.id for q in bank.bank.questions]
    assert [q.points for q in again.summary.questions] == [q.points for q in bank.bank.questions]
    from casequiz.grade.guess import random_guess_score

    guesses = [random_guess_score(q) for q in again.summary.questions]
    assert guesses == [random_guess_score(q) for q in bank.bank.questions]
    assert {q.type for q in bank.bank.questions} >= {"single", "multiple", "order", "match"}


def test_a_summary_is_read_without_the_model(case: Path, cache_dir: Path) -> None:
    import subprocess
    import sys

    check_file(case)
    script = (
        "import sys; from pathlib import Path; from casequiz.bank.load import check_file; "
        f"r = check_file(Path({str(case)!r}), need_summary=True); "
        "assert r.summary is not None and r.summary.questions; "
        "print('pydantic' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "False"


def test_an_altered_summary_is_ignored(case: Path, cache_dir: Path, cold: ColdChecks) -> None:
    check_file(case)
    entry = only_entry(cache_dir)
    header, bank_summary, body = entry.read_bytes().split(b"\n", 2)
    entry.write_bytes(b"\n".join((header, bank_summary.replace(b"all-types", b"all-typez"), body)))
    again = check_file(case, need_summary=True)
    assert cold.count == 2
    assert again.summary is not None and again.summary.id == "all-types"


def test_a_summary_of_the_wrong_shape_is_not_trusted(
    case: Path, cache_dir: Path, cold: ColdChecks
) -> None:
    """Even with a digest that matches (written by hand into the cache), a summary whose
    points are not numbers is not used: the bank is checked again."""
    check_file(case)
    entry = only_entry(cache_dir)
    header, bank_summary, body = entry.read_bytes().split(b"\n", 2)
    data = json.loads(bank_summary)
    data["questions"][0]["points"] = "many"
    forged = json.dumps(data).encode()
    fields = json.loads(header)
    fields["summary"] = cache.digest(forged)
    entry.write_bytes(b"\n".join((json.dumps(fields).encode(), forged, body)))
    again = check_file(case, need_summary=True)
    assert cold.count == 2
    assert again.summary is not None
    assert all(isinstance(q.points, float) for q in again.summary.questions)


def test_no_cache_makes_no_summary_unless_asked(case: Path, cache_dir: Path) -> None:
    assert check_file(case, use_cache=False).summary is None
    asked = check_file(case, use_cache=False, need_summary=True)
    assert asked.summary is not None and asked.summary.id == "all-types"
    assert not cache_dir.exists()
