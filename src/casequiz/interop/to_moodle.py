"""Bank questions into Moodle questions, once for both Moodle formats, with a note for every
part that Moodle (or the one format) cannot hold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from casequiz.bank.cloze import cited_excerpts, passage_excerpt
from casequiz.bank.model import (
    AnyQuestion,
    Bank,
    ClozeQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from casequiz.interop.explain import general_feedback
from casequiz.interop.gift.parse import repr_number
from casequiz.interop.moodle import Answer, MoodleQuestion, Subquestion, Text, moodle_grade
from casequiz.interop.text import one_line
from casequiz.interop.to_moodle_cloze import absolute, to_multianswer

TOP = "$course$/top"


@dataclass(slots=True)
class Exported:
    """The Moodle questions of some banks, and what they could not hold."""

    questions: list[MoodleQuestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    losses: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def lose(self, bank: Bank, what: str, qid: str) -> None:
        self.losses.setdefault((bank.id, what), []).append(qid)

    def all_notes(self, format_name: str) -> list[str]:
        """One line per bank and loss: `bank: what is not held by FORMAT: ids`."""
        out = list(self.notes)
        for (bank_id, what), ids in self.losses.items():
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            out.append(f"{bank_id}: {what} ({len(ids)} question{'s' * (len(ids) > 1)}: {shown})")
        return [n.replace("FORMAT", format_name) for n in out]


def plain(text: str) -> Text:
    return Text(text, "plain")


def to_moodle(
    banks: Sequence[Bank], holds: Callable[[str], bool], order_as_match: bool
) -> Exported:
    """Every question of `banks`; `holds(field)` says what the target format can carry."""
    out = Exported()
    for bank in banks:
        cited = {e.ref for q in bank.questions for e in cited_excerpts(q)}
        for ref, source in bank.sources.items():
            if source.file:
                out.notes.append(f"{bank.id}: the source file of {ref!r} is not held by FORMAT")
            if ref not in cited:
                out.notes.append(
                    f"{bank.id}: the source {ref!r} is cited by no question: not held by FORMAT"
                )
        for question in bank.questions:
            moodle = _question(bank, question, out, holds, order_as_match)
            if moodle is not None:
                out.questions.append(moodle)
    return out


def _question(
    bank: Bank, q: AnyQuestion, out: Exported, holds: Callable[[str], bool], order_as_match: bool
) -> MoodleQuestion | None:
    m = MoodleQuestion("", 0, name=q.id, idnumber=q.id, text=plain(q.prompt))
    topic = one_line(q.topic or "")
    m.category = f"{TOP}/{topic}" if topic else TOP
    m.tags = list(q.tags)
    m.defaultgrade = q.points
    if q.hint:
        if holds("hint"):
            m.hints = [plain(q.hint)]
        else:
            out.lose(bank, "the hint is not held by FORMAT", q.id)
    if q.difficulty is not None:
        out.lose(bank, "difficulty is not held by Moodle", q.id)
    passage = passage_excerpt(q) if isinstance(q, ClozeQuestion) else None
    if q.source or passage:
        m.general_feedback = Text(general_feedback(q, bank.sources, passage), "html")
    elif q.explanation:
        m.general_feedback = plain(q.explanation)
    if isinstance(q, ClozeQuestion):
        if not holds("cloze"):
            out.lose(bank, "not exported: FORMAT has no embedded answers (Cloze)", q.id)
            return None
        to_multianswer(q, m, lambda what: out.lose(bank, what, q.id))
    elif isinstance(q, SingleQuestion | MultipleQuestion):
        if not _choices(bank, q, m, out):
            return None
    elif isinstance(q, TrueFalseQuestion):
        m.qtype = "truefalse"
        m.answers = [
            Answer(plain("true"), float(q.answer)),
            Answer(plain("false"), float(not q.answer)),
        ]
        if q.feedback:
            out.lose(bank, "feedback on true and false is not held", q.id)
    elif isinstance(q, NumericQuestion):
        m.qtype = "numerical"
        tolerance = absolute(q.answer, q.tolerance)
        if isinstance(q.tolerance, str):
            out.lose(bank, "a percentage tolerance became an absolute one", q.id)
        m.answers = [Answer(plain(repr_number(q.answer)), 1.0, Text(), tolerance)]
        if q.unit:
            if holds("unit"):
                m.units = [(q.unit, 1.0)]
            else:
                out.lose(bank, "the unit is not held by FORMAT", q.id)
    elif isinstance(q, ShortQuestion):
        m.qtype = "shortanswer"
        # Moodle reads `*` in a short answer as "anything"; `\*` is a literal asterisk.
        answers = dict.fromkeys([q.answer, *q.accept])
        m.answers = [Answer(plain(a.replace("*", "\\*")), 1.0) for a in answers]
        m.usecase = q.match == "exact"
        if q.match == "fuzzy":
            out.lose(bank, "fuzzy matching is not held by Moodle (answers must match)", q.id)
        elif q.match == "exact" and not holds("usecase"):
            out.lose(bank, "exact (case-sensitive) matching is not held by FORMAT", q.id)
        if any("->" in a for a in [q.answer, *q.accept]) and order_as_match:
            out.lose(bank, "not exported: FORMAT reads a short answer with -> as matching", q.id)
            return None
    elif isinstance(q, OrderQuestion):
        if order_as_match:
            m.qtype = "match"
            m.subquestions = [Subquestion(plain(item), str(n)) for n, item in enumerate(q.items, 1)]
            out.lose(
                bank, "an order question became a matching question (items to positions)", q.id
            )
            if q.scoring == "all":
                out.lose(bank, "all-or-nothing scoring is not held by FORMAT", q.id)
        else:
            m.qtype = "ordering"
            m.ordering = [plain(item) for item in q.items]
            m.ordering_grading = "ALL_OR_NOTHING" if q.scoring == "all" else "RELATIVE_TO_CORRECT"
    elif isinstance(q, MatchQuestion):
        m.qtype = "match"
        m.subquestions = [Subquestion(plain(left), right) for left, right in q.pairs.items()]
        m.subquestions += [Subquestion(plain(""), extra) for extra in q.distractors]
    if isinstance(q, OrderQuestion | MatchQuestion) and order_as_match:
        bad = [s.text.text for s in m.subquestions if "->" in s.text.text]
        if bad:
            out.lose(bank, "not exported: FORMAT cannot hold -> in the left side of a pair", q.id)
            return None
    return m


def _choices(
    bank: Bank, q: SingleQuestion | MultipleQuestion, m: MoodleQuestion, out: Exported
) -> bool:
    m.qtype = "multichoice"
    if isinstance(q, SingleQuestion):
        right, m.single = {q.answer}, True
        weights = {True: 1.0, False: 0.0}
    else:
        right, m.single = set(q.answers), False
        k = len(right)
        weights = {True: 1 / k, False: -1 / k}
        if moodle_grade(1 / k) is None:
            out.lose(bank, f"not exported: Moodle has no grade of 1/{k} per right answer", q.id)
            return False
        if q.scoring == "all":
            out.lose(bank, "all-or-nothing scoring is not held by Moodle (partial credit)", q.id)
    for option in q.options:
        weight = moodle_grade(weights[option in right]) or 0.0
        m.answers.append(Answer(plain(option), weight, plain(q.feedback.get(option, ""))))
    return True
