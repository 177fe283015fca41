"""Moodle's embedded answers (Cloze) syntax read as Moodle reads it
(`qtype_multianswer_extract_question` and `qtype_multianswer_validate_question`).

A question text holds parts written `{mark:TYPE:alternative~alternative...}`, each alternative
`[=|%weight%]answer[#feedback]`. Moodle finds them with one regular expression whose nested
lazy repetitions backtrack without end on some texts (PHP stops it at its backtrack limit; Python
would not stop at all). So the expression is followed here by a scanner that takes, at every
step, the branch the regular-expression engine tries first: the same parts for every text
Moodle reads them from, in time linear in the text, never hanging on a hostile one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from casequiz.interop.moodle import Answer, MoodleQuestion, Text

__all__ = ["TYPES", "Extracted", "extract", "validate"]


@dataclass(frozen=True, slots=True)
class Kind:
    """What a type code makes of a part."""

    qtype: str
    single: bool = True
    shuffle: bool = False
    layout: int = 0
    usecase: bool = False


_MC, _MR = "multichoice", "multichoice"
TYPES: dict[str, Kind] = {
    **dict.fromkeys(("NUMERICAL", "NM"), Kind("numerical")),
    **dict.fromkeys(("MULTICHOICE", "MC"), Kind(_MC)),
    **dict.fromkeys(("MULTICHOICE_V", "MCV"), Kind(_MC, layout=1)),
    **dict.fromkeys(("MULTICHOICE_H", "MCH"), Kind(_MC, layout=2)),
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), Kind("shortanswer")),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), Kind("shortanswer", usecase=True)),
    **dict.fromkeys(("MULTICHOICE_S", "MCS"), Kind(_MC, shuffle=True)),
    **dict.fromkeys(("MULTICHOICE_VS", "MCVS"), Kind(_MC, shuffle=True, layout=1)),
    **dict.fromkeys(("MULTICHOICE_HS", "MCHS"), Kind(_MC, shuffle=True, layout=2)),
    **dict.fromkeys(("MULTIRESPONSE", "MR"), Kind(_MR, single=False, layout=1)),
    **dict.fromkeys(("MULTIRESPONSE_H", "MRH"), Kind(_MR, single=False, layout=2)),
    **dict.fromkeys(("MULTIRESPONSE_S", "MRS"), Kind(_MR, single=False, shuffle=True, layout=1)),
    **dict.fromkeys(("MULTIRESPONSE_HS", "MRHS"), Kind(_MR, single=False, shuffle=True, layout=2)),
}
"""Every type code Moodle reads (`ANSWER_TYPE_DEF_REGEX`), with what it makes."""

# In Moodle's alternation order: at one `{`, the first code followed by `:` is the one taken.
_CODES = (
    "NUMERICAL|NM|MULTICHOICE|MC|MULTICHOICE_V|MCV|MULTICHOICE_H|MCH|SHORTANSWER|SA|MW|"
    "SHORTANSWER_C|SAC|MWC|MULTICHOICE_S|MCS|MULTICHOICE_VS|MCVS|MULTICHOICE_HS|MCHS|"
    "MULTIRESPONSE|MR|MULTIRESPONSE_H|MRH|MULTIRESPONSE_S|MRS|MULTIRESPONSE_HS|MRHS"
)
_START = re.compile(r"\{([0-9]*):(" + _CODES + "):")
_FRACTION = re.compile(r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%")
_NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
_NUMERICAL = re.compile(rf"^({_NUMBER})(:{_NUMBER})?$", re.S)
_VALID_NUMBER = re.compile(r"^[+-]?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?$")

MAX_PARTS = 1000
"""More embedded answers than any Cloze question has; past this the text is refused."""

MISSING = "The question text must include at least one embedded answer."
NOT_A_NUMBER = "The answer must be a number, for example -1.234 or 3e8, or '*'."
NO_FULL_MARKS = (
    "One of the answers should have a score of 100% so it is possible to get full marks "
    "for this question."
)


def _choices_needed(n: int) -> str:
    return f"This type of question requires at least {n} choices"


def _answers_needed(n: int) -> str:
    return f"This type of question requires at least {n} answers"


def invalid(errors: list[str]) -> str:
    """Moodle's report of a Cloze text it refuses, as its XML and GIFT importers print it."""
    return (
        f"Error importing question: Invalid embedded answers (Cloze) question ({' '.join(errors)})."
    )


@dataclass(frozen=True, slots=True)
class _Alternative:
    fraction: str
    """`=`, `%n%` or empty."""
    percent: str
    answer: str
    feedback: str | None


def _answer_may_end(text: str, at: int) -> bool:
    """`(?<!\\\\|&|&amp;)(?=[~#}]|$)`: an answer ends before `~ # }` or the end, unless the
    character before is a backslash or `&` or it follows `&amp;` (an HTML entity's `#`)."""
    if at < len(text) and text[at] not in "~#}":
        return False
    before = text[:at]
    return not (before.endswith(("\\", "&", "&amp;")))


def _feedback_may_end(text: str, at: int) -> bool:
    """`(?<!\\\\)(?=[~}]|$)`."""
    if at < len(text) and text[at] not in "~}":
        return False
    return not (at > 0 and text[at - 1] == "\\")


class _Scanner:
    """The alternatives of the part that starts at a `{n:TYPE:`, and where it closes.

    What the scanner learns about a place (where an answer or a feedback from there ends,
    that an alternative from there leads to no closing `}`) depends only on the text after it,
    so it is kept by the distance from the end, which replacing a part to its left keeps."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.failed: set[int] = set()
        self.ends: tuple[dict[int, int], dict[int, int]] = ({}, {})

    def _end(self, feedback: bool, at: int) -> int:
        """The first place from `at` where an answer (or a feedback) may end; past the end
        (`len + 1`) when there is none."""
        text, n = self.text, len(self.text)
        known = self.ends[feedback]
        may_end = _feedback_may_end if feedback else _answer_may_end
        path = []
        while at <= n:
            if n - at in known:
                at = n - known[n - at]
                break
            if may_end(text, at):
                break
            path.append(n - at)
            at += 1
        for key in path:
            known[key] = n - at
        return at

    def part(self, start: int) -> tuple[list[_Alternative], int] | None:
        text, n = self.text, len(self.text)
        alternatives: list[_Alternative] = []
        at = start
        visited: list[int] = []
        while n - at not in self.failed:
            visited.append(n - at)
            fraction, percent = "", ""
            found = _FRACTION.match(text, at)
            if found:
                fraction, percent, at = found.group(0), found.group(1) or "", found.end()
            begin = at
            at = self._end(False, at + 1)  # an answer has at least one character
            if at >= n:
                break
            answer, feedback = text[begin:at], None
            if text[at] == "#":
                begin = at + 1
                at = self._end(True, begin)
                if at >= n:
                    break
                feedback = text[begin:at]
            alternatives.append(_Alternative(fraction, percent, answer, feedback))
            if text[at] == "}":
                return alternatives, at
            at += 1  # past "~"
        self.failed.update(visited)
        return None


def _decoded(text: str) -> str:
    """What Moodle keeps of an answer or a feedback: entities decoded, `\\}` and `\\#` undone."""
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#")


def _part(code: str, mark: str, snippet: str, alternatives: list[_Alternative]) -> MoodleQuestion:
    kind = TYPES[code]
    part = MoodleQuestion(
        kind.qtype,
        0,
        text=Text(snippet, "html"),
        defaultgrade=float(mark) if mark else 1.0,
        single=kind.single,
        shuffle=kind.shuffle,
        usecase=kind.usecase,
    )
    part.layout = kind.layout
    specific = False
    for alt in alternatives:
        if alt.fraction == "=":
            fraction = 1.0
        elif alt.percent not in ("", "0"):  # PHP reads "0" as false
            fraction = 0.01 * float(alt.percent.replace(",", "."))
            specific = True
        else:
            fraction = 0.0
        feedback = Text(_decoded(alt.feedback or ""), "html")
        numbers = _NUMERICAL.match(alt.answer) if kind.qtype == "numerical" else None
        if numbers:
            tolerance = float(numbers.group(6).replace(",", ".")) if numbers.group(6) else 0.0
            part.answers.append(
                Answer(Text(numbers.group(1), "plain"), fraction, feedback, tolerance)
            )
        else:
            fmt = "html" if kind.qtype == "multichoice" else "plain"
            part.answers.append(Answer(Text(_decoded(alt.answer), fmt), fraction, feedback))
    if not kind.single:
        # Moodle's multiple response: the positive weights share 100 %; without any weight
        # written, each wrong answer cancels one right one.
        total = sum(a.fraction for a in part.answers if a.fraction > 0)
        if total:
            for a in part.answers:
                if a.fraction > 0:
                    a.fraction /= total
                elif not specific:
                    a.fraction = -1.0 / total
    return part


@dataclass(slots=True)
class Extracted:
    """A Cloze text as Moodle stores it: `{#1}`, `{#2}`... where the parts were."""

    text: str
    parts: list[MoodleQuestion]
    too_many: bool = False
    """More than `MAX_PARTS` parts: the text is refused rather than read in half."""


def extract(text: str) -> Extracted:
    """The parts of a Cloze question text, in order, and the text with their placeholders.

    Moodle searches the whole text again after each part; a part can only be found at or after
    the place of the last one (a text before it held no part then and holds none now), so the
    search resumes there."""
    scanner = _Scanner(text)
    parts: list[MoodleQuestion] = []
    at = 0
    while len(parts) < MAX_PARTS:
        start = _START.search(scanner.text, at)
        while start is not None:
            found = scanner.part(start.end())
            if found is not None:
                break
            start = _START.search(scanner.text, start.start() + 1)
        if start is None or found is None:
            break
        alternatives, close = found
        snippet = scanner.text[start.start() : close + 1]
        parts.append(_part(start.group(2), start.group(1), snippet, alternatives))
        placeholder = "{#" + str(len(parts)) + "}"
        scanner.text = scanner.text[: start.start()] + placeholder + scanner.text[close + 1 :]
        at = start.start()
    else:
        return Extracted(scanner.text, parts, too_many=_START.search(scanner.text, at) is not None)
    return Extracted(scanner.text, parts)


def validate(extracted: Extracted) -> list[str]:
    """Moodle's reasons for refusing the text, in its order; empty when it is a Cloze."""
    if extracted.too_many:
        return [f"more than {MAX_PARTS} embedded answers: split the question"]
    if not extracted.parts:
        return [MISSING]
    errors: list[str] = []
    for part in extracted.parts:
        count, full = 0, False
        for answer in part.answers:
            trimmed = answer.text.text.strip()
            if not trimmed:
                continue
            count += 1
            if part.qtype == "numerical" and not (_VALID_NUMBER.match(trimmed) or trimmed == "*"):
                errors.append(NOT_A_NUMBER)
            if answer.fraction == 1 or (
                part.qtype == "multichoice" and not part.single and answer.fraction > 0
            ):
                full = True
        if part.qtype == "multichoice" and count < 2:
            errors.append(_choices_needed(2))
        elif count == 0:
            errors.append(_answers_needed(1))
        if not full:
            errors.append(NO_FULL_MARKS)
    return errors
