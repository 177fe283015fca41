"""The bundled Cambodia case meets its quality bar.

Most of these tests read the bank files with PyYAML only, so they hold whatever the loader's
internals become; `casequiz validate` is run as a user would run it, and the answers a student
would type are scored by the real loader and scoring code.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from casequiz.bank.load import load_banks
from casequiz.quiz.scoring import score

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "questions" / "cambodia"
SHARED_CASE = Path(__file__).resolve().parents[2] / "shared" / "cases" / "cambodia"

TYPES = ("single", "multiple", "true_false", "numeric", "short", "order", "match", "cloze")
BANK_FILES = ("eba-terms.yaml", "trade-figures.yaml", "political-timeline.yaml", "voices.yaml")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def banks() -> dict[str, dict]:
    return {name: _load(CASE / name) for name in BANK_FILES}


def _questions(banks: dict[str, dict]) -> list[tuple[str, dict]]:
    return [(name, q) for name, bank in banks.items() for q in bank["questions"]]


def test_the_case_holds_the_four_banks() -> None:
    assert set(BANK_FILES) == {p.name for p in CASE.glob("*.yaml")}


def test_at_least_95_questions_in_all(banks: dict[str, dict]) -> None:
    assert len(_questions(banks)) >= 95


def test_the_voices_bank_holds_at_least_20_questions(banks: dict[str, dict]) -> None:
    assert len(banks["voices.yaml"]["questions"]) >= 20


def test_the_guide_counts_what_the_banks_hold(banks: dict[str, dict]) -> None:
    """docs/case-cambodia.md gives each bank's count by type: it must be the banks' own."""
    guide = (ROOT / "docs" / "case-cambodia.md").read_text(encoding="utf-8")
    total: Counter[str] = Counter()
    for name, bank in banks.items():
        used = Counter(q["type"] for q in bank["questions"])
        total += used
        row = [str(used[t]) for t in TYPES] + [str(len(bank["questions"]))]
        assert f"| `{name}` | `{bank['id']}` | " + " | ".join(row) + " |" in guide, name
    row = [str(total[t]) for t in TYPES] + [str(sum(total.values()))]
    assert "| all | | " + " | ".join(row) + " |" in guide


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


def test_no_explanation_leans_on_a_publication_date(banks: dict[str, dict]) -> None:
    """The texts do not state when they were published; only the banks' metadata does."""
    leaning = [
        f"{name}:{q['id']}"
        for name, q in _questions(banks)
        if "published" in (q.get("explanation", "") + q.get("hint", "")).lower()
    ]
    assert leaning == []


_SCALES = {
    "billion USD": "in billions of US dollars",
    "million USD": "in millions of US dollars",
    "million yuan": "in millions of yuan",
    "USD": "in US dollars",
}


def test_numeric_prompts_say_the_scale_of_an_amount(banks: dict[str, dict]) -> None:
    """The unit is shown beside the answer box too, but the prompt alone must say the scale."""
    missing = [
        f"{name}:{q['id']}"
        for name, q in _questions(banks)
        if q["type"] == "numeric"
        and q.get("unit") in _SCALES
        and _SCALES[q["unit"]] not in " ".join(q["prompt"].split())
    ]
    assert missing == []
    amounts = [
        q for _, q in _questions(banks) if q["type"] == "numeric" and q.get("unit") in _SCALES
    ]
    assert len(amounts) >= 6


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
        if not excerpts and not q.get("quotes"):  # a cloze's passage may be its excerpt
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


def test_six_cloze_passages_quote_the_texts(banks: dict[str, dict]) -> None:
    """The EBA passage, the trade figures, the timeline: each a verbatim passage (checked by
    `validate` above), its blanks the key terms and figures."""
    clozes = {
        name: [q for q in bank["questions"] if q["type"] == "cloze"] for name, bank in banks.items()
    }
    assert sum(len(found) for found in clozes.values()) >= 6
    for name in ("eba-terms.yaml", "trade-figures.yaml", "political-timeline.yaml"):
        assert len(clozes[name]) >= 2, name
    for question in (q for found in clozes.values() for q in found):
        assert question.get("quotes") in {"eba-china-2019", "us-pressure-2020"}
        assert len(question["blanks"]) >= 2 and "source" not in question


# Answers a student types, scored by the real code --------------------------------------------


@pytest.fixture(scope="module")
def questions() -> dict[str, object]:
    """Every question of the case by id (ids are unique across the four banks)."""
    loaded = load_banks([CASE])
    by_id = {q.id: q for bank in loaded for q in bank.bank.questions}
    assert len(by_id) == sum(len(bank.bank.questions) for bank in loaded)
    return by_id


ACCEPTED = [
    ("review-body", "EC"),
    ("review-body", "European Commission (EC)"),
    ("gsp-benefits", "Generalized System of Preferences"),
    ("gsp-benefits", "Generalised System of Preferences"),
    ("gsp-benefits", "Cambodia's GSP benefits"),
    ("magnitsky-act", "Magnitsky"),
    ("cpp-in-power-since", "1979"),
    ("cpp-in-power-since", "since 1979"),
    ("cpp-in-power-since", "in 1979"),
    ("cpp-in-power-since", "from 1979"),
    ("investment-period-start", "since 1994"),
    ("investment-period-start", "in 1994"),
    ("investment-period-start", "from 1994"),
    ("eu-loss-month", "Aug"),
    ("eu-loss-month", "Aug."),
    ("eu-loss-month", "in August 2020"),
    ("sixth-term", "6th term"),
    ("one-party-state", "single-party state"),
    ("one-party-state", "de facto single-party state"),
    ("one-party-state", "one-party"),
    ("contraction-cause", "Covid pandemic"),
    ("contraction-cause", "COVID19"),
    ("contraction-cause", "Covid-19 crisis"),
    ("contraction-cause", "coronavirus crisis"),
    ("contraction-cause", "pandemic-induced crisis"),
    ("expected-contraction", "4"),
    ("expected-contraction", "4%"),
    ("eba-in-effect-since", "since 2001"),
    ("facebook-post-date", "on April 29"),
    ("facebook-post-date", "29 April"),
    ("cnrp-full-name", "the Cambodia National Rescue Party"),
    ("cpp-full-name", "Cambodian People’s Party"),
    ("sophal-ear-hope", "Mike Pompeo"),
    ("rong-chhun-outlet", "RFA"),
]


REFUSED = [
    ("cpp-in-power-since", "1978"),
    ("cpp-in-power-since", "before 1979"),
    ("cpp-in-power-since", "2018"),
    ("investment-period-start", "2017"),
    ("investment-period-start", "from 1994 to 2017"),
    ("eu-loss-month", "Sept"),
    ("eu-loss-month", "in August 2019"),
    ("sixth-term", "fifth term"),
    ("one-party-state", "two-party state"),
    ("review-body", "EU Council"),
    ("gsp-benefits", "EBA"),
    ("expected-contraction", "40"),
    ("eu-export-share", "43"),
    ("military-aid-usd", "600"),
    ("china-fixed-asset-investment", "5.8"),
]


@pytest.mark.parametrize(
    ("question_id", "typed", "right"),
    [(q, typed, True) for q, typed in ACCEPTED] + [(q, typed, False) for q, typed in REFUSED],
)
def test_a_phrasing_a_student_would_type_is_scored_as_meant(
    questions: dict[str, object], question_id: str, typed: str, right: bool
) -> None:
    """A phrasing a student would type for the right answer is right; a wrong answer stays wrong."""
    verdict = score(questions[question_id], typed)  # type: ignore[arg-type]
    assert verdict.status == ("correct" if right else "wrong"), typed


def test_the_contraction_is_asked_for_without_a_sign(questions: dict[str, object]) -> None:
    """A student who would type -4 for a 4% contraction is told to give its size."""
    question = questions["expected-contraction"]
    prompt = " ".join(question.prompt.split())  # type: ignore[attr-defined]
    assert "as a positive number, without a minus sign" in prompt


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("eu-export-share", "39.5"),
        ("eu-export-share", "40.5"),
        ("expected-contraction", "3.5"),
        ("expected-contraction", "4.5"),
        ("military-aid-usd", "$88.5 million"),
    ],
)
def test_a_rounded_figure_accepts_half_a_unit_either_side(
    questions: dict[str, object], question_id: str, typed: str
) -> None:
    assert score(questions[question_id], typed).correct  # type: ignore[arg-type]


def test_an_exact_figure_is_asked_for_exactly(questions: dict[str, object]) -> None:
    assert score(questions["china-fixed-asset-investment"], "$12.6 billion").correct  # type: ignore[arg-type]
    assert not score(questions["china-fixed-asset-investment"], "12.5").correct  # type: ignore[arg-type]
    assert score(questions["us-imports-from-cambodia"], "2,130 million").correct  # type: ignore[arg-type]


CLOZE_TYPED = [
    (
        "eba-passage-cloze",
        {
            "scheme": "everything but arms",
            "union": "EU",
            "since": "2001",
            "who": "least developed countries",
            "except": "arms",
        },
        5,
    ),
    (
        "eba-review-cloze",
        {
            "body": "European Commission",
            "length": "18",
            "monitoring": "6",
            "record": "human rights",
        },
        4,
    ),
    ("eu-exports-cloze", {"year": "2017", "value": "5.8", "share": "40"}, 3),
    ("eu-exports-cloze", {"year": "2017", "value": "5.8", "share": "45"}, 2),
    ("china-imbalance-cloze", {"china": "688", "buyer": "United States", "us": "2.13"}, 3),
    ("china-debt-cloze", {"debt": "3", "portion": "50%"}, 2),
    (
        "cnrp-dissolution-cloze",
        {"dissolved": "2017", "party": "cnrp", "term": "6th", "election": "2019"},
        3,
    ),
    (
        "eba-withdrawal-cloze",
        {"month": "August", "review": "2-year", "fraction": "one fifth", "sector": "garments"},
        4,
    ),
    ("sokha-release-cloze", {"arrest": "house arrest", "month": "April", "year": "2018"}, 2),
]


@pytest.mark.parametrize(("question_id", "typed", "right"), CLOZE_TYPED)
def test_a_cloze_scores_each_blank_a_student_fills(
    questions: dict[str, object], question_id: str, typed: dict[str, str], right: int
) -> None:
    """Phrasings a student would type count per blank; a wrong figure or month does not."""
    question = questions[question_id]
    verdict = score(question, typed)  # type: ignore[arg-type]
    assert verdict.score == right, verdict.detail
