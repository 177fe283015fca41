"""Re-scoring through the memo gives what `score` gives, response for response, whatever the
responses (of any JSON type, repeated or not), and the sealed verdicts it shares cannot change."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bank_strategies import banks
from casequiz.bank.model import Bank
from casequiz.quiz.scorememo import MAX_RESPONSES, ScoreMemo, response_key
from casequiz.quiz.scoring import expected_response, score
from casequiz.records import SealedMapping, json_text

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e16])
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=8,
)


def plausible(question: Any) -> list[Any]:
    """Responses of the question's own shape, right and wrong, and the texts it is made of."""
    texts: list[str] = []
    for name in ("options", "answers", "items", "accept"):
        value = getattr(question, name, None)
        if isinstance(value, list):
            texts += [str(item) for item in value]
    answer = getattr(question, "answer", None)
    right = expected_response(question)
    found: list[Any] = [right, *texts, answer, str(answer), texts, list(reversed(texts))]
    if isinstance(right, dict):  # a match or a cloze: one part of it changed
        found += [{**right, key: "not it"} for key in list(right)[:2]]
    pairs = getattr(question, "pairs", None)
    if pairs:
        found += [dict(pairs), dict(zip(pairs, reversed(list(pairs.values())), strict=True))]
    return found


def outcome(question: Any, response: Any) -> tuple[str, Any]:
    """What `score` makes of the response on its own: its verdict as the store keeps it, or
    the error it raises."""
    try:
        verdict = score(question, response)
    except Exception as exc:  # the very exception, compared by type and message
        return "raises", (type(exc), str(exc))
    fields = asdict(verdict)
    return "verdict", (
        verdict,
        fields,
        json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
    )


@settings(max_examples=120, deadline=None)
@given(data=st.data(), bank=banks())
def test_the_memo_scores_every_response_as_score_does(data: st.DataObject, bank: Bank) -> None:
    memos = [ScoreMemo(question) for question in bank.questions]
    pools = [plausible(q) + data.draw(st.lists(json_values, max_size=3)) for q in bank.questions]
    for _ in range(data.draw(st.integers(1, 25), label="answers")):
        index = data.draw(st.integers(0, len(memos) - 1), label="question")
        response = data.draw(st.sampled_from(pools[index]) | json_values, label="response")
        kind, expected = outcome(bank.questions[index], copy.deepcopy(response))
        try:
            verdict, fields = memos[index].score(response)
        except Exception as exc:
            assert (kind, expected) == ("raises", (type(exc), str(exc)))
            continue
        assert kind == "verdict", expected
        assert (verdict, dict(fields), fields.text) == expected


def test_values_python_takes_for_equal_are_different_responses() -> None:
    same_to_python = [1, 1.0, True, "1", 0, 0.0, -0.0, False, "", None, [1], [True], {"a": 1}]
    keys = [response_key(value) for value in same_to_python]
    assert len({repr(key) for key in keys}) == len(keys)
    assert len(set(keys)) == len(keys)
    assert response_key({"a": 1, "b": 2}) != response_key({"b": 2, "a": 1})  # order is read


def test_what_json_does_not_hold_or_a_large_response_is_scored_each_time() -> None:
    assert response_key(("a", "b")) is None
    assert response_key("x" * 10_000) is None
    assert response_key(list(range(1000))) is None
    assert response_key(["a", ["b", {"c": None}]]) is not None


def test_the_memo_keeps_a_bounded_number_of_responses() -> None:
    from casequiz.bank.model import ShortQuestion

    memo = ScoreMemo(ShortQuestion(id="q", prompt="p", type="short", answer="Phnom Penh"))
    for number in range(MAX_RESPONSES + 50):
        verdict, _ = memo.score(f"city {number}")
        assert verdict.status == "wrong"
    assert len(memo._verdicts) == MAX_RESPONSES
    assert memo.score("phnom penh")[0].status == "correct"  # still scored, just not kept


def test_a_sealed_mapping_is_a_dict_that_cannot_change() -> None:
    fields = {"score": 1.0, "detail": ("a", "ស"), "reading": None}
    sealed = SealedMapping(fields)
    assert sealed == fields and isinstance(sealed, dict)
    assert (
        sealed.text
        == json_text(fields)
        == json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    )
    assert json.dumps(sealed) == json.dumps(fields)
    for change in (
        lambda: sealed.__setitem__("score", 0.0),
        lambda: sealed.__delitem__("score"),
        lambda: sealed.update(score=0.0),
        lambda: sealed.setdefault("new", 1),
        lambda: sealed.pop("score"),
        sealed.popitem,
        sealed.clear,
    ):
        with pytest.raises(TypeError, match="cannot change"):
            change()
    assert sealed == fields and sealed.text == json_text(fields)
    plain = dict(sealed)
    plain["score"] = 0.0
    assert sealed["score"] == 1.0
    for again in (pickle.loads(pickle.dumps(sealed)), copy.copy(sealed), copy.deepcopy(sealed)):
        assert type(again) is SealedMapping and again == sealed and again.text == sealed.text
