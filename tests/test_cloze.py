"""Cloze questions: the passage read into blanks, per-blank scoring, responses in either shape."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bank_strategies import cloze_fields
from casequiz.bank.cloze import (
    GAP,
    blank_names,
    cited_excerpts,
    fill,
    filled_passage,
    quoted_in,
    read_passage,
)
from casequiz.bank.excerpts import SourceText
from casequiz.bank.load import load_banks
from casequiz.bank.model import ClozeQuestion
from casequiz.quiz.cloze import blank_question, blank_verdicts, coerce_cloze
from casequiz.quiz.responses import ResponseError, coerce_response
from casequiz.quiz.scoring import expected_response, expected_text, score

PASSAGES = Path(__file__).parent / "data" / "cloze" / "passages.yaml"


def cloze(**fields: Any) -> ClozeQuestion:
    data = {"id": "q", "type": "cloze", "prompt": "Fill in.", **fields}
    return ClozeQuestion.model_validate(data)


EBA = cloze(
    text="Cambodia benefits from the {{scheme}} arrangement, exports except {{excluded}}; "
    "the EU takes {{share}}% of its exports.",
    blanks={
        "scheme": {"answer": "Everything but Arms", "accept": ["EBA"], "feedback": "Named."},
        "excluded": {
            "type": "choice",
            "choices": ["arms and ammunition", "rice", "garments"],
            "answer": "arms and ammunition",
            "points": 2,
        },
        "share": {"type": "numeric", "answer": 45, "tolerance": 2, "unit": "%"},
    },
)


# -- the passage ---------------------------------------------------------------------------------


def test_the_passage_is_read_into_words_and_blanks_in_order() -> None:
    passage = read_passage("A {{one}} b {{2}} c")
    assert [g.name for g in passage.gaps] == ["one", "2"]
    assert passage.pieces[0] == "A " and passage.pieces[-1] == " c"
    assert passage.flaws == ()


def test_an_escaped_brace_pair_is_text() -> None:
    passage = read_passage(r"Write \{{name}} for a {{blank}}.")
    assert [g.name for g in passage.gaps] == ["blank"]
    assert passage.pieces[0] == "Write {{name}} for a "


@pytest.mark.parametrize("text", ["a {{Bad}} b", "a {{two words}}", "a {{ b", "{{}}"])
def test_a_brace_pair_that_names_no_blank_is_a_flaw(text: str) -> None:
    assert read_passage(text).flaws


def test_blank_names_follow_the_text_not_the_mapping() -> None:
    question = cloze(text="{{b}} then {{a}}", blanks={"a": {"answer": "x"}, "b": {"answer": "y"}})
    assert blank_names(question) == ["b", "a"]


def test_a_numbered_blank_is_named_by_its_digits() -> None:
    question = cloze(text="{{1}} and {{2}}", blanks={1: {"answer": "x"}, 2: {"answer": "y"}})
    assert blank_names(question) == ["1", "2"]


def test_the_points_are_the_sum_of_the_blanks() -> None:
    assert EBA.points == 4
    assert "points" not in EBA.model_dump()


def test_the_filled_passage_holds_the_answers() -> None:
    assert filled_passage(EBA) == (
        "Cambodia benefits from the Everything but Arms arrangement, exports except arms and "
        "ammunition; the EU takes 45% of its exports."
    )
    assert fill(EBA, {"share": "40"}) == (
        f"Cambodia benefits from the {GAP} arrangement, exports except {GAP}; "
        "the EU takes 40% of its exports."
    )


def test_a_quoted_passage_may_use_an_accepted_form_and_any_thousands_separator() -> None:
    question = cloze(
        text="The {{s}} scheme, worth ${{n}} million.",
        blanks={"s": {"answer": "Everything but Arms", "accept": ["EBA"]},
                "n": {"type": "numeric", "answer": 5800}},
        quotes="memo",
    )  # fmt: skip
    assert quoted_in(question, SourceText("It says: The EBA scheme, worth $5,800  million."))
    assert quoted_in(question, SourceText("The Everything but Arms scheme, worth $5800 million."))
    assert not quoted_in(question, SourceText("The EBA scheme, worth $5,900 million."))
    assert not quoted_in(question, SourceText("The EBA plan, worth $5,800 million."))


def test_a_quoted_passage_is_the_question_s_excerpt() -> None:
    question = cloze(text="The {{s}} scheme.", blanks={"s": {"answer": "EBA"}}, quotes="memo")
    [excerpt] = cited_excerpts(question)
    assert (excerpt.ref, excerpt.quote) == ("memo", "The EBA scheme.")
    assert cited_excerpts(EBA) == []


# -- scoring -------------------------------------------------------------------------------------


def test_every_blank_right_is_full_marks() -> None:
    verdict = score(EBA, expected_response(EBA))
    assert (verdict.score, verdict.max, verdict.status) == (4, 4, "correct")
    assert verdict.detail == ("scheme: correct", "excluded: correct", "share: correct")


def test_each_blank_earns_its_own_points() -> None:
    verdict = score(EBA, {"scheme": "EBA", "excluded": "rice", "share": "44 %"})
    assert (verdict.score, verdict.status) == (2, "partial")
    assert verdict.detail == (
        "scheme: correct",
        "excluded: wrong, expected arms and ammunition",
        "share: correct",
    )


def test_a_wrong_blank_shows_its_feedback_and_an_empty_one_is_not_answered() -> None:
    verdict = score(EBA, {"scheme": "Most Favoured Nation", "excluded": ""})
    assert verdict.status == "wrong"
    assert verdict.detail[0] == "scheme: wrong, expected Everything but Arms — Named."
    assert verdict.detail[1] == "excluded: not answered, expected arms and ammunition"
    assert verdict.detail[2].startswith("share: not answered, expected 45 %")


def test_per_blank_results_carry_the_verdict_of_each_blank() -> None:
    results = blank_verdicts(EBA, {"scheme": "eba", "share": "50"})
    assert [r.name for r in results] == ["scheme", "excluded", "share"]
    assert [r.verdict.status for r in results] == ["correct", "wrong", "wrong"]
    assert [r.verdict.max for r in results] == [1, 2, 1]
    assert results[0].feedback is None and results[1].feedback is None
    assert results[2].given == "50"


def test_a_blank_is_scored_as_the_question_it_resembles() -> None:
    assert blank_question(EBA, "scheme").type == "short"
    assert blank_question(EBA, "excluded").type == "single"
    share = blank_question(EBA, "share")
    assert share.type == "numeric" and share.points == 1
    # the numeric reading of a unit, as for a numeric question
    assert score(EBA, {"share": "45 percent"}).detail[2] == "share: correct"


def test_the_expected_text_names_each_blank() -> None:
    assert expected_text(EBA) == (
        "scheme: Everything but Arms; excluded: arms and ammunition; share: 45 % (±2)"
    )


def test_a_response_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ResponseError):
        score(EBA, "Everything but Arms")
    with pytest.raises(ResponseError):
        score(EBA, True)


def test_a_list_response_is_read_in_blank_order() -> None:
    assert score(EBA, ["EBA", "arms and ammunition", "45"]).correct


# -- coercion from sheets and files --------------------------------------------------------------


def test_a_sheet_may_give_a_mapping_or_a_list() -> None:
    assert coerce_response(EBA, {"scheme": "EBA", "share": 45}) == {"scheme": "EBA", "share": "45"}
    assert coerce_response(EBA, ["EBA", "Rice", None]) == {"scheme": "EBA", "excluded": "rice"}


def test_numbered_blanks_are_answered_by_number() -> None:
    question = cloze(text="{{1}} and {{2}}", blanks={1: {"answer": "x"}, 2: {"answer": "y"}})
    assert coerce_cloze(question, {1: "x", "2": "y"}) == {"1": "x", "2": "y"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"sheme": "EBA"}, "no blank 'sheme'; the blanks are: scheme, excluded, share"),
        ({"excluded": "wheat"}, "expected one of the choices for blank 'excluded'"),
        (["a", "b", "c", "d"], "expected at most 3 answers"),
        ("EBA", "expected a mapping from the blanks"),
        ({"scheme": True}, "quote it in YAML"),
    ],
)
def test_a_sheet_that_does_not_fit_says_why(value: object, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        coerce_response(EBA, value)


# -- properties ----------------------------------------------------------------------------------


@st.composite
def clozes(draw: st.DrawFn) -> ClozeQuestion:
    fields = draw(cloze_fields([]))
    return cloze(**fields)


@st.composite
def clozes_and_right_sets(draw: st.DrawFn) -> tuple[ClozeQuestion, set[str]]:
    question = draw(clozes())
    names = blank_names(question)
    right = draw(st.sets(st.sampled_from(names))) if names else set()
    return question, right


def _response(question: ClozeQuestion, right: set[str]) -> dict[str, str]:
    """Right answers for the blanks in `right`; nothing for the others."""
    expected = expected_response(question)
    assert isinstance(expected, dict)
    return {name: text for name, text in expected.items() if name in right}


@settings(max_examples=150, deadline=None)
@given(clozes_and_right_sets())
def test_the_score_is_the_sum_over_the_blanks(case: tuple[ClozeQuestion, set[str]]) -> None:
    question, right = case
    response = _response(question, right)
    verdict = score(question, response)
    parts = blank_verdicts(question, response)
    assert math.isclose(verdict.score, math.fsum(p.verdict.score for p in parts), abs_tol=1e-9)
    assert 0 <= verdict.score <= verdict.max == question.points
    assert len(verdict.detail) == len(parts)


@settings(max_examples=150, deadline=None)
@given(clozes_and_right_sets())
def test_the_right_blanks_earn_exactly_their_points(case: tuple[ClozeQuestion, set[str]]) -> None:
    question, right = case
    verdict = score(question, _response(question, right))
    earned = math.fsum(question.blanks[name].points for name in right)
    assert math.isclose(verdict.score, earned, rel_tol=1e-9, abs_tol=1e-9)
    names = set(blank_names(question))
    assert verdict.status == ("correct" if right == names else "partial" if right else "wrong")


@settings(max_examples=150, deadline=None)
@given(clozes_and_right_sets(), st.data())
def test_the_score_is_monotone_in_the_right_blanks(
    case: tuple[ClozeQuestion, set[str]], data: st.DataObject
) -> None:
    question, right = case
    names = blank_names(question)
    more = right | data.draw(st.sets(st.sampled_from(names)))
    assume(more != right)
    less = score(question, _response(question, right)).score
    assert score(question, _response(question, more)).score > less


@settings(max_examples=100, deadline=None)
@given(clozes(), st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=4))
def test_any_mapping_of_texts_scores_within_the_points(
    question: ClozeQuestion, given_texts: dict[str, str]
) -> None:
    names = blank_names(question)
    response = {names[len(key) % len(names)]: text for key, text in given_texts.items()}
    verdict = score(question, response)
    assert 0 <= verdict.score <= question.points


# -- the bank ------------------------------------------------------------------------------------


def test_a_bank_of_clozes_loads_and_scores(tmp_path: Path) -> None:
    [bank] = load_banks([PASSAGES], use_cache=False)
    question = next(q for q in bank.bank.questions if q.type == "cloze")
    assert isinstance(question, ClozeQuestion)
    assert blank_names(question) == ["market", "exports", "2"]
    assert question.points == 4
    assert score(question, {"market": "EU", "exports": "$5.8bn", "2": "45"}).correct


def test_the_bank_cache_gives_back_the_same_cloze(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("CASEQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    [cold] = load_banks([PASSAGES])
    [warm] = load_banks([PASSAGES])
    assert warm.bank == cold.bank
    question = next(q for q in warm.bank.questions if q.type == "cloze")
    assert question.points == 4


# -- response sheets -----------------------------------------------------------------------------


def test_a_sheet_scores_a_cloze_given_as_a_mapping_or_a_list() -> None:
    from casequiz.quiz.sheet import score_sheet

    [bank] = load_banks([PASSAGES], use_cache=False)
    sheet = score_sheet(
        bank,
        {
            "figures": {"market": "eu", "exports": "5.8", 2: 44},
            "scheme": ["EBA", "new"],
            "goods": None,
        },
    )
    lines = {line.slot.question.id: line for line in sheet.lines}
    assert (lines["figures"].status, lines["figures"].score) == ("partial", 3)
    assert lines["figures"].response == {"market": "EU", "exports": "5.8", "2": "44"}
    assert (lines["scheme"].status, lines["scheme"].score) == ("partial", 1)
    assert lines["goods"].status == "unanswered"
    assert (sheet.score, sheet.max) == (4, 9)


def test_a_sheet_with_a_figure_that_is_no_number_is_unreadable_not_wrong() -> None:
    from casequiz.quiz.sheet import score_sheet

    [bank] = load_banks([PASSAGES], use_cache=False)
    [line, *_] = score_sheet(bank, {"figures": ["EU", "about five"]}).lines
    assert line.status == "unreadable"
    assert line.error == "blank 'exports': could not read 'about five' as a number"


def test_the_template_lists_the_blanks_and_reads_back_unanswered() -> None:
    import yaml

    from casequiz.quiz.sheet import score_sheet
    from casequiz.quiz.template import template

    [bank] = load_banks([PASSAGES], use_cache=False)
    text = template(bank.bank)
    assert '{"market": "...", "exports": "...", "2": "..."}' in text
    assert "Exports to the [market] reached $[exports] billion in 2017." in text
    assert "#   exports: a number (in billion USD)" in text
    sheet = score_sheet(bank, yaml.safe_load(text))
    assert {line.status for line in sheet.lines} == {"unanswered"}


def test_every_bad_blank_of_a_long_text_is_placed_at_its_own_brace(tmp_path: Path) -> None:
    from casequiz.bank.load import check_file

    lines = "".join(f"      line {n} {{{{Bad}}}} and {{{{ok{n}}}}}\n" for n in range(300))
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "casequiz: 1\nid: b\ntitle: B\nquestions:\n  - id: q\n    type: cloze\n"
        "    prompt: P\n    quotes: nowhere\n    text: |\n"
        + lines
        + "    blanks:\n"
        + "".join(f"      ok{n}: {{answer: x}}\n" for n in range(300)),
        encoding="utf-8",
    )
    found = [(d.code, d.line, d.col) for d in check_file(bank, use_cache=False).diagnostics]
    flaws = [(line, col) for code, line, col in found if code == "E310"]
    assert flaws == [(10 + n, 13 + len(str(n))) for n in range(300)]
    assert ("E400", 8, 13) in found
