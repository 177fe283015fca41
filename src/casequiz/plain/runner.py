"""Plain mode: the same attempt as the TUI, line by line on stdin and stdout.

For screen readers, pipes and scripts. A blank line skips a question, `?` shows its hint, `q`
saves and quits (the attempt can be resumed), and the end of the input or Ctrl-C does the same.
Every answer is committed by the engine before the next question is printed.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, TextIO

from casequiz.plain.console import Console
from casequiz.plain.parse import InputError, parse
from casequiz.plain.render import (
    citations,
    hint_lines,
    question_lines,
    result_lines,
    review_lines,
    verdict_lines,
)
from casequiz.quiz.attempt import Attempt, AttemptClosed, Mode
from casequiz.quiz.literal import literal

if TYPE_CHECKING:
    from casequiz.bank.model import ClozeQuestion

QUIT = "q"
HINT = "?"


class PlainSession(Console):
    """Runs one attempt to its end, or until the student quits."""

    def __init__(
        self, attempt: Attempt, inp: TextIO, out: TextIO, colour: bool | None = None
    ) -> None:
        self.attempt = attempt
        super().__init__(inp, out, colour)
        self.sources = citations(attempt)

    def run(self) -> int:
        """Ask until the attempt is finished or the student stops; Ctrl-C stops like `q`."""
        try:
            return self._run()
        except KeyboardInterrupt:
            self.say("")
            self._pause()
            return 130

    def _run(self) -> int:
        attempt = self.attempt
        if attempt.finished:
            self.say("This attempt is already finished.")
            return self._finish()
        if attempt.expired:  # the time ran out while the attempt was put away
            self.say("The time limit ran out; the attempt is finished with what was answered.")
            return self._finish()
        if attempt.answers:
            self.say(f"Resuming: {len(attempt.answers)} of {len(attempt.slots)} answered.")
        try:
            # From where the student stopped, the questions not yet answered: a question
            # answered just before a crash (its answer committed, the next question not yet
            # shown) is not asked again. Then the ones skipped earlier.
            start = attempt.position
            todo = [i for i in attempt.unanswered() if i >= start]
            todo += [i for i in attempt.unanswered() if i < start]
            if not self._ask_all(todo):
                return self._pause()
            skipped = attempt.unanswered()
            if skipped and attempt.mode is Mode.EXAM:
                line = self.ask(f"You skipped {len(skipped)} question(s). Answer them now? [Y/n] ")
                if line is None or line.strip().casefold() == QUIT:
                    return self._pause()
                if line.strip().casefold() not in ("n", "no") and not self._ask_all(skipped):
                    return self._pause()
        except AttemptClosed as closed:
            self.say(str(closed))
        return self._finish()

    def _ask_all(self, indexes: list[int]) -> bool:
        """Ask these questions in turn; False when the student quits."""
        for index in indexes:
            if self.attempt.expired:  # do not show a question that can no longer be answered
                raise AttemptClosed("the time limit has run out; the attempt is finished")
            self.attempt.go(index)
            if not self._one_question():
                return False
        return True

    def _one_question(self) -> bool:
        """Ask the current question until it is answered or skipped; False when quitting."""
        attempt = self.attempt
        self.say(*question_lines(attempt, self.paint))
        if (left := attempt.time_left()) is not None:
            self.say(self.paint("dim", f"{int(left // 60)} min {int(left % 60)} s left"))
        if attempt.current.question.type == "cloze":
            return self._one_cloze(attempt.current.question)
        while True:
            line = self.ask()
            if line is None or line.strip().casefold() == QUIT:
                return False
            if not line.strip():
                return True
            if line.strip() == HINT:
                self._hint()
                continue
            try:
                response = parse(attempt.current, line)
            except InputError as problem:
                self.say(str(problem))
                continue
            verdict = attempt.answer(response)
            if attempt.shows_verdicts():
                self.say(
                    *verdict_lines(attempt.current, verdict, self.paint, self.sources, response)
                )
            return True

    def _hint(self) -> None:
        hint = self.attempt.current.question.hint
        self.say(*(hint_lines(hint) if hint else ["This question has no hint."]))

    def _one_cloze(self, question: ClozeQuestion) -> bool:
        """Ask a cloze blank by blank; every blank left empty skips the question."""
        from casequiz.plain.cloze import ask_blanks

        given = ask_blanks(self, question, self._hint, QUIT)
        if given is None:
            return False
        if given:
            verdict = self.attempt.answer(given)
            if self.attempt.shows_verdicts():
                self.say(
                    *verdict_lines(self.attempt.current, verdict, self.paint, self.sources, given)
                )
        return True

    def _pause(self) -> int:
        answered = f"{len(self.attempt.answers)} of {len(self.attempt.slots)} answered"
        if not getattr(self.attempt.log, "durable", True):  # `--db :memory:`: gone on exit
            self.say(f"Stopped: {answered}; this store is in memory, so it cannot be resumed.")
            return 0
        name = literal(shlex.quote(self.attempt.student))  # a name is shown, never obeyed
        self.say(
            f"Saved: {answered}. Continue later with: casequiz resume --student {name} --plain"
        )
        return 0

    def _finish(self) -> int:
        attempt = self.attempt
        unanswered = attempt.unanswered()
        if unanswered and not attempt.finished and attempt.mode is Mode.EXAM:
            self.say(f"{len(unanswered)} question(s) unanswered; they score zero.")
        result = attempt.finish()
        self.say(*result_lines(attempt, result, self.paint))
        if attempt.mode is Mode.EXAM:
            self._review()
            return 0 if self._hand_in() else 1
        elif attempt.wrong():
            self._offer_retry()
        return 0

    def _review(self) -> None:
        self.say(*review_lines(self.attempt, self.paint, self.sources))

    def _hand_in(self) -> bool:
        """Write the result file; False (the attempt stays in the store) when it cannot be."""
        from casequiz.quiz import resultfile

        try:
            path = resultfile.write(self.attempt.to_record())
        except OSError as exc:
            self.say(
                f"The result file could not be written ({exc.strerror}); your answers are "
                "saved in the results store."
            )
            return False
        self.say("", f"Result file to hand in: {path}")
        return True

    def _offer_retry(self) -> None:
        wrong = len(self.attempt.wrong())
        line = self.ask(f"Retry the {wrong} question(s) you missed? [y/N] ")
        if line is not None and line.strip().casefold() in ("y", "yes"):
            PlainSession(self.attempt.retry_wrong(), self.inp, self.out, self.paint.colour).run()


def run_attempt(attempt: Attempt, inp: TextIO, out: TextIO) -> int:
    """Take an attempt in plain mode; returns the exit code."""
    return PlainSession(attempt, inp, out).run()
