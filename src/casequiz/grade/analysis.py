"""`casequiz stats`: Moodle's item analysis of the attempts in a store, one bank at a time.

Each bank is analysed as a quiz of its own (see `scope`): its questions are the items, and an
attempt's total is what it earned on that bank's questions. casequiz draws questions at random
(`--count`), so a question an attempt did not draw leaves that attempt out of the question's
statistics, while a drawn question left unanswered scores 0 (`item_analysis(absent="not-drawn")`).

Marks are put on one scale per question, as Moodle does: the fraction of the points an answer
earned times the question's points in the bank (or, without the bank file, in its latest
answer), so a bank whose points changed between attempts still gives comparable figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casequiz.grade.catalog import BankInfo, Catalog
from casequiz.grade.export import ExportOptions, UnknownBank, bank_ids
from casequiz.grade.scope import Part, Which, choose, parts
from casequiz.grade.source import GradedAttempt
from casequiz.grade.stats import ItemAnalysis, item_analysis

__all__ = ["BankAnalysis", "analyse", "analyse_bank", "marks_of"]


@dataclass(frozen=True, slots=True)
class BankAnalysis:
    """The item analysis of one bank, with what a report prints around it."""

    bank: BankInfo
    which: Which
    attempts: int
    students: int
    analysis: ItemAnalysis
    topics: tuple[str | None, ...]
    kinds: tuple[str | None, ...]
    """Per question, in the order of `analysis.questions`."""
    drawn_counts: tuple[int, ...] = ()
    """How many of the bank's questions the attempts drew, each number once, ascending."""
    unverified: int = 0
    """Attempts imported without their bank, whose scores are the result file's own."""

    @property
    def cic_note(self) -> str | None:
        """Why the CIC is missing, when the reason is the drawing rather than the data."""
        if self.analysis.quiz.cic is None and len(self.drawn_counts) > 1:
            counts = ", ".join(map(str, self.drawn_counts))
            return f"undefined: the attempts drew different numbers of its questions ({counts})"
        return None


def marks_of(part: Part, bank: str, points: dict[str, float]) -> dict[str, float | None]:
    """The marks of one attempt's part: a key per drawn question, None where unanswered."""
    marks: dict[str, float | None] = dict.fromkeys(q for b, q in part.drawn if b == bank)
    for answer in part.answers:
        out_of = points[answer.question]
        fraction = answer.score / answer.max if answer.max > 0 else 0.0
        marks[answer.question] = min(max(fraction, 0.0), 1.0) * out_of
    return marks


def analyse_bank(
    attempts: Sequence[GradedAttempt], bank: str, which: Which, catalog: Catalog
) -> BankAnalysis:
    maxima = {key: catalog.points(key) for key in catalog.questions}
    chosen = choose(parts(attempts, bank, maxima), which)
    asked = {q for p in chosen for b, q in p.drawn if b == bank}
    asked |= {a.question for p in chosen for a in p.answers}
    questions = catalog.ordered(bank, asked)
    points = {q: catalog.points((bank, q)) for q in questions}
    infos = [catalog.info((bank, q)) for q in questions]
    guesses = {q: info.guess for q, info in zip(questions, infos, strict=True)}
    analysis = item_analysis(
        [marks_of(p, bank, points) for p in chosen], points, guesses, absent="not-drawn"
    )
    info = catalog.banks.get(bank) or BankInfo(bank, bank, ())
    return BankAnalysis(
        bank=info,
        which=which,
        attempts=len(chosen),
        students=len({p.attempt.student for p in chosen}),
        analysis=analysis,
        topics=tuple(i.topic for i in infos),
        kinds=tuple(i.kind for i in infos),
        drawn_counts=tuple(sorted({sum(1 for b, _ in p.drawn if b == bank) for p in chosen})),
        unverified=sum(1 for p in chosen if not p.attempt.verified),
    )


def analyse(
    attempts: Sequence[GradedAttempt], options: ExportOptions, catalog: Catalog
) -> list[BankAnalysis]:
    """One analysis per bank, or just `options.bank`'s."""
    known = bank_ids(attempts)
    if options.bank is not None and options.bank not in known:
        raise UnknownBank(options.bank, known)
    banks = [options.bank] if options.bank is not None else known
    return [analyse_bank(attempts, bank, options.which, catalog) for bank in banks]
