"""The bundled Cambodia case meets its quality bar.

These tests read the bank files with PyYAML only, so they hold whatever the loader's internals
become; the one test that needs the project runs `casequiz validate` as a user would.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "questions" / "cambodia"
SHARED_CASE = Path(__file__).resolve().parents[2] / "shared" / "cases" / "cambodia"

TYPES = ("single", "multiple", "true_false", "numeric", "short", "order", "match")
BANK_FILES = ("eba-terms.yaml", "trade-figures.yaml", "political-timeline.yaml")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def banks() -> dict[str, dict]:
    return {name: _load(CASE / name) for name in BANK_FILES}


def _questions(banks: dict[str, dict]) -> list[tuple[str, dict]]:
    return [(name, q) for name, bank in banks.items() for q in bank["questions"]]


def test_the_case_holds_the_three_banks() -> None:
    assert set(BANK_FILES) <= {p.name for p in CASE.glob("*.yaml")}


def test_at_least_60_questions_in_all(banks: dict[str, dict]) -> None:
    assert len(_questions(banks)) >= 60


@pytest.mark.parametrize("name", BANK_FILES)
def test_at_least_15_questions_per_bank(banks: dict[str, dict], name: str) -> None:
    assert len(banks[name]["questions"]) >= 15


def test_every_type_is_used_at_least_twice(banks: dict[str, dict]) -> None:
    used = Counter(q["type"] for _, q in _questions(banks))
    assert {t: used[t] for t in TYPES if used[t] < 2} == {}
    assert set(used) <= set(TYPES)


def test_bank_ids_are_distinct(banks: dict[str, dict]) -> None:
    ids = [bank["id"] for bank in banks.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", BANK_FILES)
def test_question_ids_are_unique_in_each_bank(banks: dict[str, dict], name: str) -> None:
    ids = [q["id"] for q in banks[name]["questions"]]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_question_is_complete(banks: dict[str, dict]) -> None:
    problems = []
    for name, q in _questions(banks):
        where = f"{name}:{q.get('id')}"
        if not (isinstance(q.get("topic"), str) and q["topic"].strip()):
            problems.append(f"{where}: no topic")
        tags = q.get("tags")
        if not (isinstance(tags, list) and tags and all(isinstance(t, str) for t in tags)):
            problems.append(f"{where}: no tags")
        if q.get("difficulty") not in (1, 2, 3) or isinstance(q.get("difficulty"), bool):
            problems.append(f"{where}: difficulty not in 1..3")
        if not (isinstance(q.get("explanation"), str) and q["explanation"].strip()):
            problems.append(f"{where}: no explanation")
        source = q.get("source")
        excerpts = source if isinstance(source, list) else [source] if source else []
        if not excerpts:
            problems.append(f"{where}: no source excerpt")
        for excerpt in excerpts:
            if not (isinstance(excerpt, dict) and excerpt.get("ref") and excerpt.get("quote")):
                problems.append(f"{where}: an excerpt without ref or quote")
    assert problems == []


@pytest.mark.parametrize("name", BANK_FILES)
def test_sources_name_no_file(banks: dict[str, dict], name: str) -> None:
    """The articles are not part of the project: they are found with `--sources DIR`."""
    sources = banks[name]["sources"]
    assert set(sources) <= {"eba-china-2019", "us-pressure-2020"}
    assert all("file" not in source for source in sources.values())


@pytest.mark.skipif(not SHARED_CASE.is_dir(), reason="the case texts are not beside the repo")
def test_the_case_validates_against_its_texts() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casequiz",
            "validate",
            str(CASE.relative_to(ROOT)),
            "--sources",
            str(SHARED_CASE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning[" not in output, output
