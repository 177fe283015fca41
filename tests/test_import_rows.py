"""`results import` stores, row for row, what scoring each answer on its own stores.

The import scores each distinct response once for a whole batch (`quiz.scorememo`), shares the
sealed verdicts, and writes a file's answers in one statement; none of that may change a stored
value. The oracle here is the plain way: every answer scored by `score`, every value encoded by
`json.dumps`, the content digest as the store has always computed it.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casequiz.bank.load import LoadedBank, load_banks
from casequiz.cli.results import Batch
from casequiz.quiz import resultfile
from casequiz.quiz.attempt import Attempt, Mode
from casequiz.quiz.draw import Selection
from casequiz.quiz.scoring import expected_response, score
from casequiz.store.db import Store
from test_scorememo import json_values, plausible

ALL_TYPES = Path(__file__).parent / "data" / "valid" / "all-types.yaml"
pytestmark = pytest.mark.usefixtures("env")
_banks: list[LoadedBank] = []


def bank() -> LoadedBank:
    if not _banks:
        _banks.extend(load_banks([ALL_TYPES], use_cache=False))
    return _banks[0]


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def taken(student: str, seed: int) -> dict[str, Any]:
    """A genuine result file's document: every question answered right."""
    attempt = Attempt.start([bank()], Selection(seed=seed), student=student, mode=Mode.EXAM)
    for index, slot in enumerate(attempt.slots):
        attempt.go(index)
        attempt.answer(expected_response(slot.question))
    attempt.finish()
    record = attempt.to_record()
    return {"kind": resultfile.KIND, "format": resultfile.FORMAT, "attempt": record.to_json()}


def expected(attempt: dict[str, Any]) -> dict[str, Any] | None:
    """What the store holds for the attempt, scored answer by answer; None when refused."""
    questions = {question.id: question for question in bank().bank.questions}
    answers = []
    for answer in attempt["answers"]:
        question = questions[answer["question_id"]]
        try:
            verdict = score(question, answer["response"])
        except Exception:  # the import refuses the file, whatever `score` raised
            return None
        answers.append(
            (
                answer["slot"],
                answer["bank_id"],
                answer["question_id"],
                question.topic,
                _text(answer["response"]),
                verdict.score,
                verdict.max,
                verdict.status,
                _text(asdict(verdict)),
                answer["answered_at"],
                answer.get("seconds"),
            )
        )
    content = [
        attempt["student"],
        sorted(bank["hash"] for bank in attempt["banks"]),
        attempt["started_at"],
        sorted(
            [a["slot"], a["bank_id"], a["question_id"], a["response"]] for a in attempt["answers"]
        ),
    ]
    digest = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    drawn = [questions[entry["question"]] for entry in attempt["plan"]]
    return {
        "score": sum(row[5] for row in answers),
        "max_score": float(sum(question.points for question in drawn)),
        "content_digest": hashlib.sha256(digest.encode("utf-8")).hexdigest(),
        "answers": sorted(answers),
    }


def held(store: Store, uid: str) -> dict[str, Any] | None:
    row = store.conn.execute(
        "SELECT id, score, max_score, content_digest, verified FROM attempts WHERE uid = ?", (uid,)
    ).fetchone()
    if row is None:
        return None
    assert row[4] == 1
    answers = store.conn.execute(
        "SELECT slot, bank_id, question_id, topic, response, score, max_score, status, verdict, "
        "answered_at, seconds FROM answers WHERE attempt_id = ? ORDER BY slot",
        (row[0],),
    ).fetchall()
    return {
        "score": row[1],
        "max_score": row[2],
        "content_digest": row[3],
        "answers": sorted(tuple(answer) for answer in answers),
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_an_import_stores_what_scoring_each_answer_alone_stores(
    tmp_path: Path, data: st.DataObject
) -> None:
    """A batch of files whose responses repeat across files, of every type JSON has (numbers
    that Python takes for equal, `true` for `1`, texts that are nearly an option...)."""
    questions = bank().bank.questions
    pools = {q.id: plausible(q) + data.draw(st.lists(json_values, max_size=1)) for q in questions}
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    documents = []
    for number in range(data.draw(st.integers(1, 4), label="files")):
        document = taken(f"student {number}", seed=number)
        for answer in document["attempt"]["answers"]:
            if data.draw(st.integers(0, 4), label="edit the response") == 0:
                answer["response"] = data.draw(st.sampled_from(pools[answer["question_id"]]))
        (folder / f"{number}.json").write_text(json.dumps(document), "utf-8")
        documents.append(document)
    with Store(folder / "casequiz.db") as store:
        batch = Batch([ALL_TYPES], force=False, strict=False)
        for path in sorted(folder.glob("*.json")):
            batch.import_file(path, store)
        for document in documents:
            attempt = document["attempt"]
            assert held(store, attempt["uid"]) == expected(attempt)
