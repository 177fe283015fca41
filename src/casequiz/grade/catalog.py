"""What a report knows about each question: its topic, points, type and random guess score.

The answers in the store carry a topic and the points of every question someone answered, and
that is all an export needs. Statistics need more (a question's type gives its random guess
score, and the bank its report order), so the banks themselves are looked for: where the
attempts were taken, then in the folders given, else `./questions` or the bundled banks. The
version of a bank the attempts were taken on (same content hash) wins over another version
with the same id; a report still runs, with less to say, when no bank is found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casequiz.grade.source import BankRef, GradedAttempt

if TYPE_CHECKING:
    from casequiz.bank.load import LoadedBank
    from casequiz.bank.summary import BankSummary

__all__ = [
    "BankInfo",
    "Catalog",
    "QuestionInfo",
    "build_catalog",
    "find_banks",
    "find_summaries_of",
]

Key = tuple[str, str]
"""(bank id, question id)."""

DEFAULT_POINTS = 1.0
"""The format's default points, for a drawn question no answer and no bank tells about."""


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    topic: str | None = None
    points: float | None = None
    kind: str | None = None
    guess: float | None = None


@dataclass(frozen=True, slots=True)
class BankInfo:
    id: str
    title: str
    hashes: tuple[str, ...]
    """Every version of the bank the attempts were taken on, oldest first."""
    order: tuple[str, ...] = ()
    """Question ids in the bank's order, when the bank file was found."""
    found: str | None = None
    """The bank file the types and points were read from."""
    invalid: str | None = None
    """A bank file recorded for the bank that was found but does not load (it has errors)."""


@dataclass(frozen=True, slots=True)
class Catalog:
    questions: Mapping[Key, QuestionInfo] = field(default_factory=dict)
    banks: Mapping[str, BankInfo] = field(default_factory=dict)

    def info(self, key: Key) -> QuestionInfo:
        return self.questions.get(key) or QuestionInfo()

    def points(self, key: Key) -> float:
        points = self.info(key).points
        return DEFAULT_POINTS if points is None else points

    def topic(self, key: Key) -> str:
        """The question's topic, "General" without one (as the results screen groups them)."""
        return self.info(key).topic or "General"

    def ordered(self, bank: str, questions: Iterable[str]) -> list[str]:
        """`questions` in the bank's order when it is known, else sorted by id."""
        order = (
            {qid: i for i, qid in enumerate(self.banks[bank].order)} if bank in self.banks else {}
        )
        return sorted(questions, key=lambda q: (order.get(q, len(order)), q))


def build_catalog(
    attempts: Sequence[GradedAttempt],
    loaded: Iterable[LoadedBank | BankSummary] = (),
    invalid: Mapping[str, str] | None = None,
) -> Catalog:
    """What the attempts (the latest answer wins) and the banks found say about each question;
    `invalid` names bank files found but not loadable (`find_banks_of`)."""
    facts: dict[Key, tuple[str | None, float]] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            facts[(answer.bank, answer.question)] = (answer.topic, answer.max)
    return catalog_from([b for a in attempts for b in a.banks], facts, loaded, invalid)


def catalog_from(
    refs: Iterable[BankRef],
    facts: Mapping[Key, tuple[str | None, float]],
    loaded: Iterable[LoadedBank | BankSummary] = (),
    invalid: Mapping[str, str] | None = None,
) -> Catalog:
    """The catalog from the banks the attempts recorded (in start order, the latest title
    wins), each question's latest answer (`facts`: topic and points) and the banks found."""
    titles: dict[str, str] = {}
    hashes: dict[str, list[str]] = {}
    for bank in refs:
        titles[bank.id] = bank.title
        seen = hashes.setdefault(bank.id, [])
        if bank.hash and bank.hash not in seen:
            seen.append(bank.hash)
    questions = {key: QuestionInfo(topic, points) for key, (topic, points) in facts.items()}

    chosen = _chosen(hashes, loaded)

    from casequiz.grade.guess import random_guess_score

    banks: dict[str, BankInfo] = {}
    for bank_id, title in titles.items():
        found = chosen.get(bank_id)
        order: tuple[str, ...] = ()
        if found is not None:
            order = tuple(q.id for q in found.questions)
            for q in found.questions:
                questions[(bank_id, q.id)] = QuestionInfo(
                    q.topic, q.points, q.type, random_guess_score(q)
                )
        banks[bank_id] = BankInfo(
            bank_id,
            title,
            tuple(hashes.get(bank_id, ())),
            order,
            str(found.path) if found is not None else None,
            None if found is not None else (invalid or {}).get(bank_id),
        )
    return Catalog(questions, banks)


def _chosen(
    hashes: Mapping[str, Sequence[str]], loaded: Iterable[LoadedBank | BankSummary]
) -> dict[str, BankSummary]:
    """The bank found for each id the attempts recorded (`hashes`: id -> the versions they
    were taken on): the version of the latest attempt when it was found, else the first found."""
    from casequiz.bank.summary import BankSummary

    chosen: dict[str, BankSummary] = {}
    for found_bank in loaded:
        bank = (
            found_bank
            if isinstance(found_bank, BankSummary)
            else BankSummary.of(found_bank.bank, found_bank.path, found_bank.digest)
        )
        if bank.id not in hashes:
            continue
        held = chosen.get(bank.id)
        latest = hashes[bank.id][-1] if hashes[bank.id] else None
        if held is None or (bank.digest == latest and held.digest != latest):
            chosen[bank.id] = bank
    return chosen


def covered(refs: Iterable[BankRef], loaded: Iterable[LoadedBank | BankSummary]) -> set[Key]:
    """The questions whose facts `catalog_from` takes from the banks found rather than from
    the answers."""
    hashes: dict[str, list[str]] = {}
    for bank in refs:
        seen = hashes.setdefault(bank.id, [])
        if bank.hash and bank.hash not in seen:
            seen.append(bank.hash)
    return {(b.id, q.id) for b in _chosen(hashes, loaded).values() for q in b.questions}


def find_banks(
    attempts: Sequence[GradedAttempt],
    paths: Sequence[Path] = (),
    invalid: dict[str, str] | None = None,
) -> list[LoadedBank]:
    """The valid banks the attempts were drawn from: where they were taken and in `paths`,
    then, for any still missing and when no `paths` are given, in the default folders."""
    return find_banks_of([b for a in attempts for b in a.banks], paths, invalid)


def find_banks_of(
    refs: Iterable[BankRef], paths: Sequence[Path] = (), invalid: dict[str, str] | None = None
) -> list[LoadedBank]:
    """`find_banks` for the banks `refs` names; a bank file recorded for a wanted bank that
    does not load is put in `invalid` (bank id -> path)."""
    from casequiz.bank.locate import locate_banks

    return locate_banks(((bank.id, bank.path) for bank in refs), paths, invalid)


def find_summaries_of(
    refs: Iterable[BankRef], paths: Sequence[Path] = (), invalid: dict[str, str] | None = None
) -> list[BankSummary]:
    """`find_banks_of`, giving each bank's summary: all a catalog needs, read from the cache
    without building the model."""
    from casequiz.bank.locate import locate_summaries

    return locate_summaries(((bank.id, bank.path) for bank in refs), paths, invalid)
