"""Plain mode for study sessions: questions, verdicts and ratings line by line.

Answers are typed as in `practice --plain` (the same parser and the same feedback). After each
verdict the suggested rating is offered: Enter accepts it, 1-4 (or again/hard/good/easy) choose
another. The engine has already committed the answer with the suggested rating when the prompt
shows, so quitting there, or a killed terminal, keeps it.
"""

from __future__ import annotations

import shlex
from collections import Counter
from typing import TYPE_CHECKING, TextIO

from fsrs import Rating

from casequiz.plain.console import Console
from casequiz.plain.parse import InputError, parse
from casequiz.plain.render import prompt_lines, verdict_lines
from casequiz.quiz.literal import literal
from casequiz.quiz.study import Graded, Rated, StudySession
from casequiz.quiz.studystats import describe_wait

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion

QUIT = "q"
RATING_WORDS = {
    "1": Rating.Again,
    "again": Rating.Again,
    "2": Rating.Hard,
    "hard": Rating.Hard,
    "3": Rating.Good,
    "good": Rating.Good,
    "4": Rating.Easy,
    "easy": Rating.Easy,
}
RATING_KEYS = "1 Again / 2 Hard / 3 Good / 4 Easy"


class PlainStudy(Console):
    """Runs one study session to its end, or until the student quits."""

    def __init__(
        self, session: StudySession, inp: TextIO, out: TextIO, colour: bool | None = None
    ) -> None:
        self.session = session
        super().__init__(inp, out, colour)
        self.sources = {
            ref: source.citation()
            for bank in session.banks
            for ref, source in bank.bank.sources.items()
        }

    def run(self) -> int:
        session = self.session
        if session.finished:
            self.say("Nothing to study now: no question is due and none is new.")
            self._next_due()
            return 0
        self.say(
            f"Study session for {literal(session.student)}: {session.due_count} due, "
            f"{session.new_count} new.",
            "Type your answer; an empty line skips a question, q saves and quits.",
        )
        while not session.finished:
            if not self._one_question():
                self.say(
                    "",
                    f"Saved: {_ratings(len(session.history))} so far. "
                    "Study again later with: casequiz study --student "
                    f"{literal(shlex.quote(session.student))} --plain",
                )
                return 0
        self._summary()
        return 0

    def _one_question(self) -> bool:
        """Ask, score and rate the current question; False when the student quits."""
        session = self.session
        slot = session.current
        assert slot is not None
        question = slot.question
        kind = "new" if session.is_new(slot) else session.card_state(slot)
        where = " · ".join(p for p in (kind, literal(question.topic or "")) if p)
        left = f" · {session.remaining} more" if session.remaining else " · last"
        self.say("", self.paint("bold", f"Question {session.shown}") + f" · {where}{left}")
        self.say(*prompt_lines(slot))
        if question.type == "cloze":
            return self._one_cloze(question)
        while True:
            line = self.ask("> ")
            if line is None or line.strip().casefold() == QUIT:
                return False
            if not line.strip():
                session.skip()
                self.say(self.paint("dim", "Skipped: it stays due."))
                return True
            try:
                response = parse(slot, line)
            except InputError as problem:
                self.say(str(problem))
                continue
            graded = session.answer(response)
            self.say(*verdict_lines(slot, graded.verdict, self.paint, self.sources))
            return self._rate(graded)

    def _one_cloze(self, question: ClozeQuestion) -> bool:
        """A cloze blank by blank, as in `practice --plain`; every blank empty skips it."""
        from casequiz.plain.cloze import ask_blanks
        from casequiz.plain.render import hint_lines

        def hint() -> None:
            self.say(*(hint_lines(question.hint) if question.hint else ["No hint."]))

        given = ask_blanks(self, question, hint, QUIT)
        if given is None:
            return False
        session = self.session
        if not given:
            session.skip()
            self.say(self.paint("dim", "Skipped: it stays due."))
            return True
        slot = session.current
        assert slot is not None
        graded = session.answer(given)
        self.say(*verdict_lines(slot, graded.verdict, self.paint, self.sources, given))
        return self._rate(graded)

    def _rate(self, graded: Graded) -> bool:
        """Offer the suggested rating; False when the student quits (the suggestion stands)."""
        name = graded.suggested.name
        self.say(f"Suggested rating: {name}{_why(graded)}.")
        while True:
            line = self.ask(f"Enter to accept {name}, or {RATING_KEYS}: ")
            word = (line or "").strip().casefold()
            if line is None or word == QUIT:
                self._rated(self.session.rate())
                return False
            if not word or word in RATING_WORDS:
                self._rated(self.session.rate(RATING_WORDS.get(word)))
                return True
            self.say(f"Type 1, 2, 3 or 4 (or press Enter for {name}).")

    def _rated(self, rated: Rated) -> None:
        when = describe_wait(rated.due, rated.reviewed_at)
        self.say(self.paint("dim", f"{rated.rating.name}: next review {when}."))

    def _summary(self) -> None:
        history = self.session.history
        if history:
            counts = Counter(r.rating for r in history)
            parts = ", ".join(f"{counts[r]} {r.name}" for r in Rating if counts[r])
            self.say("", self.paint("bold", f"Studied: {_ratings(len(history))}") + f" ({parts}).")
        else:
            self.say("", "Nothing rated in this session.")
        self._next_due()

    def _next_due(self) -> None:
        due = self.session.next_due()
        if due is not None:
            now = self.session.clock()
            self.say(f"Next question due {describe_wait(due, now)}.")


def _ratings(count: int) -> str:
    return f"{count} rating{'' if count == 1 else 's'}"


def _why(graded: Graded) -> str:
    """The reason for the suggestion, so a student can tell when to override it."""
    verdict = graded.verdict
    if verdict.status == "wrong":
        return " (wrong answer)"
    if verdict.status == "partial":
        return " (partly right)"
    if verdict.fuzzy:
        return " (right, with a typo)"
    if graded.suggested is Rating.Easy:
        return " (right, and fast)"
    return ""


def run_study(session: StudySession, inp: TextIO, out: TextIO) -> int:
    """Run a study session in plain mode; returns the exit code."""
    return PlainStudy(session, inp, out).run()
