"""Moodle questions into bank questions: what maps, what is converted (a note, written as a
YAML comment), and what cannot be carried (the reason the question is not imported)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from casequiz.interop.explain import read_general_feedback
from casequiz.interop.from_moodle_cloze import cloze, passage_quoted
from casequiz.interop.moodle import MoodleQuestion, Text, moodle_grade, percent
from casequiz.interop.report import Imported, ReadResult
from casequiz.interop.text import from_html, held, looks_like_html, one_line

NO_TYPE = {
    "essay": "essay questions are marked by hand; casequiz has no essay type",
    "description": "a description is not a question; casequiz has no description type",
    "calculated": "calculated questions have no casequiz type",
    "calculatedsimple": "calculated questions have no casequiz type",
    "calculatedmulti": "calculated questions have no casequiz type",
    "randomsamatch": "random short-answer matching has no casequiz type",
    "ddwtos": "drag-and-drop questions have no casequiz type",
    "gapselect": "select-missing-words questions have no casequiz type",
    "random": "a random question is a quiz setting, not a question",
}

_CONTEXT = re.compile(r"^\$(?:course|system|module|cat\d+)\$/")


class NotImported(ValueError):
    """A question that cannot be carried over; the message says why."""


def topic_of(category: str) -> str | None:
    """`$course$/top/EBA/Terms` -> `EBA/Terms`: the path below Moodle's context and top level."""
    path = _CONTEXT.sub("", one_line(category))
    parts = [p.strip() for p in path.replace("//", "\x00").split("/")]
    if parts and parts[0] == "top":
        parts = parts[1:]
    path = "/".join(p.replace("\x00", "/") for p in parts if p)
    return path or None


class _Mapper:
    def __init__(self, question: MoodleQuestion) -> None:
        self.q = question
        self.notes: list[str] = []

    def text(self, text: Text, what: str) -> str:
        """Plain text of a Moodle text; HTML made readable (and noted when it carried markup)."""
        if text.format == "html" or (text.format == "moodle" and looks_like_html(text.text)):
            plain, images = from_html(text.text)
            if images:
                self.notes.append(f"{what}: {images} image(s) kept only as their description")
            elif text.format == "moodle" and plain != held(text.text):
                self.notes.append(f"{what}: HTML converted to plain text")
            return plain
        return held(text.text)


def check_grades(question: MoodleQuestion) -> None:
    """Moodle skips a question with an answer grade outside its list; so does the importer."""
    for answer in question.answers:
        if moodle_grade(answer.fraction) is None:
            raise NotImported(
                f"the grade {percent(answer.fraction)}% is not one Moodle accepts "
                "(Moodle's import skips the question too: use 100, 90, 83.33333, 80, 75, 70, "
                "66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, "
                "11.11111, 10, 5 or 0, or their negatives)"
            )


def from_moodle(question: MoodleQuestion) -> Imported:
    """The bank fields of one Moodle question; raises `NotImported` with the reason."""
    if question.qtype in NO_TYPE:
        raise NotImported(NO_TYPE[question.qtype])
    build = _BUILDERS.get(question.qtype)
    if build is None:
        raise NotImported(f"Moodle {question.qtype!r} questions have no casequiz type")
    if question.qtype not in ("ordering", "multianswer"):
        check_grades(question)
    mapper = _Mapper(question)
    what = "passage" if question.qtype == "multianswer" else "prompt"
    data: dict[str, Any] = {"prompt": mapper.text(question.text, what)}
    build(mapper, data)
    if not data["prompt"]:
        raise NotImported("the question has no text")
    gf = question.general_feedback
    explanation, excerpts, sources = read_general_feedback(
        gf.text, gf.format == "html" or looks_like_html(gf.text)
    )
    if explanation and gf.format != "html" and not excerpts:
        explanation = mapper.text(gf, "general feedback")
    if question.category and (topic := topic_of(question.category)):
        data["topic"] = topic
    if tags := [t for t in (one_line(tag) for tag in question.tags) if t]:
        data["tags"] = list(dict.fromkeys(tags))
    if question.defaultgrade != 1.0 and question.qtype != "multianswer":
        if question.defaultgrade > 0:
            data["points"] = question.defaultgrade
        else:
            mapper.notes.append("a default grade of 0 became 1 point")
    if question.hints:
        data["hint"] = "\n\n".join(mapper.text(h, "hint") for h in question.hints)
        if len(question.hints) > 1:
            mapper.notes.append(f"{len(question.hints)} hints joined into one")
    if explanation:
        data["explanation"] = explanation
    if question.qtype == "multianswer" and excerpts:
        excerpts = passage_quoted(data, excerpts)
    excerpts = [{k: v for k, v in e.items() if k in ("ref", "quote")} for e in excerpts]
    if excerpts:
        data["source"] = excerpts
    return Imported(
        data, question.line, question.name or None, question.idnumber or None, mapper.notes, sources
    )


def _choices(m: _Mapper, data: dict[str, Any]) -> None:
    answers = m.q.answers
    options = [m.text(a.text, "option") for a in answers]
    feedback = {
        option: m.text(a.feedback, "feedback")
        for option, a in zip(options, answers, strict=True)
        if a.feedback.text.strip()
    }
    right = [o for o, a in zip(options, answers, strict=True) if a.fraction > 0]
    if not right:
        raise NotImported("no answer gives any credit")
    data["options"] = options
    partial = [
        f"{o} ({percent(a.fraction)}%)"
        for o, a in zip(options, answers, strict=True)
        if 0 < a.fraction < 1
    ]
    if m.q.single:
        full = [o for o, a in zip(options, answers, strict=True) if a.fraction >= 1]
        if not full:
            raise NotImported("no answer gives full credit")
        data["type"], data["answer"] = "single", full[0]
        if len(full) > 1:
            m.notes.append(f"only the first of {len(full)} fully right answers is kept as right")
        if partial:
            m.notes.append("partly right answers count as wrong: " + "; ".join(partial))
    else:
        data["type"], data["answers"] = "multiple", right
        k = len(right)
        expected = [1 / k if a.fraction > 0 else -1 / k for a in answers]
        if any(abs(a.fraction - e) > 0.0001 for a, e in zip(answers, expected, strict=True)):
            m.notes.append(
                "Moodle's weights ("
                + ", ".join(f"{percent(a.fraction)}%" for a in answers)
                + f") became casequiz's partial credit: +1/{k} per right choice, -1/{k} per wrong"
            )
    if feedback:
        data["feedback"] = feedback


def _truefalse(m: _Mapper, data: dict[str, Any]) -> None:
    truth = next((a.fraction >= 1 for a in m.q.answers if a.text.text == "true"), True)
    data["type"], data["answer"] = "true_false", truth
    if any(a.feedback.text.strip() for a in m.q.answers):
        m.notes.append("feedback on true and false dropped (casequiz shows the explanation)")


def _shortanswer(m: _Mapper, data: dict[str, Any]) -> None:
    full, patterns = [], []
    for answer in m.q.answers:
        if answer.fraction < 1:
            continue
        text = held(answer.text.text)
        if re.search(r"(?<!\\)\*", text.replace("\\\\", "")):
            patterns.append(text)
        else:
            full.append(text.replace("\\*", "*"))
    if patterns:
        m.notes.append(
            "answers with the wildcard * dropped (casequiz has no wildcards): "
            + "; ".join(patterns)
        )
    dropped = [
        f"{held(a.text.text)} ({percent(a.fraction)}%)" for a in m.q.answers if 0 < a.fraction < 1
    ]
    if not full:
        raise NotImported("no answer gives full credit")
    data["type"], data["answer"] = "short", full[0]
    if full[1:]:
        data["accept"] = list(dict.fromkeys(a for a in full[1:] if a != full[0]))
    data["match"] = "exact" if m.q.usecase else "normalized"
    if dropped:
        m.notes.append("partly right answers dropped: " + "; ".join(dropped))
    if any(a.feedback.text.strip() for a in m.q.answers):
        m.notes.append("feedback on answers dropped (casequiz shows the explanation)")


def _numerical(m: _Mapper, data: dict[str, Any]) -> None:
    real = [a for a in m.q.answers if a.text.text.strip() not in ("*", "")]
    full = [a for a in real if a.fraction >= 1]
    if not full:
        raise NotImported("no numerical answer gives full credit")
    first = full[0]
    data["type"], data["answer"] = "numeric", float(first.text.text)
    if first.tolerance:
        data["tolerance"] = abs(float(first.tolerance))
    others = [a for a in real if a is not first]
    if others:
        m.notes.append(
            "only the first fully right answer is kept; dropped: "
            + "; ".join(
                f"{a.text.text}±{a.tolerance or 0:g} ({percent(a.fraction)}%)" for a in others
            )
        )
    base = [unit for unit, multiplier in m.q.units if multiplier == 1]
    if base:
        data["unit"] = base[0]
    if len(m.q.units) > len(base[:1]):
        m.notes.append("units other than the base unit dropped")
    if any(a.feedback.text.strip() for a in m.q.answers):
        m.notes.append("feedback on answers dropped (casequiz shows the explanation)")


def _match(m: _Mapper, data: dict[str, Any]) -> None:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    for sub in m.q.subquestions:
        left = m.text(sub.text, "pair")
        right = held(sub.answer)
        if not left:
            distractors.append(right)
        elif left in pairs:
            raise NotImported(f"the item {left!r} is listed twice")
        else:
            pairs[left] = right
    if (
        not distractors
        and len(pairs) > 1
        and list(pairs.values()) == [str(n) for n in range(1, len(pairs) + 1)]
    ):
        data["type"], data["items"] = "order", list(pairs)
        m.notes.append("a matching of items to positions 1, 2, ... read as an order question")
        return
    data["type"], data["pairs"] = "match", pairs
    if distractors:
        data["distractors"] = distractors


def _ordering(m: _Mapper, data: dict[str, Any]) -> None:
    data["type"] = "order"
    data["items"] = [m.text(item, "item") for item in m.q.ordering]
    if m.q.ordering_grading.upper().replace("_", "") == "ALLORNOTHING":
        data["scoring"] = "all"


_BUILDERS = {
    "multichoice": _choices,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "match": _match,
    "ordering": _ordering,
    "multianswer": cloze,
}


def import_all(
    result: ReadResult, questions: Iterable[MoodleQuestion], in_time: Callable[[], bool]
) -> None:
    """Moodle's questions into `result`, in order, each under the category last named before
    it; what casequiz cannot hold is reported at its line. Stops when `in_time()` says so."""
    category: str | None = None
    for question in questions:
        if not in_time():
            break
        if question.qtype == "category":
            category = question.category
            continue
        question.category = category
        try:
            result.questions.append(from_moodle(question))
        except NotImported as exc:
            result.skip(question.line, str(exc))
