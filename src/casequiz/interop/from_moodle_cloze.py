"""A Moodle Cloze (embedded answers) question into a casequiz cloze: each part a blank.

Moodle keeps more per part than a blank holds: a feedback per answer (a blank has one, shown
when it is not fully right), partly right answers, several right answers of a choice, layouts.
What a blank cannot hold is said in a note; a part casequiz has no blank for (multiple
response) or a text Moodle itself refuses means the question is not imported.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from casequiz.bank.model import BLANK_NAME
from casequiz.interop.embedded.parse import extract, invalid, validate
from casequiz.interop.moodle import Answer, MoodleQuestion, percent
from casequiz.interop.text import from_html, held, looks_like_html

if TYPE_CHECKING:
    from casequiz.interop.from_moodle import _Mapper

PROMPT = "Fill in the blanks."
"""The prompt of a Cloze question Moodle wrote: Moodle's text is all passage."""

PROMPT_CLASS = "casequiz-prompt"
BLANK_CLASS = "casequiz-blank"
_PROMPT = re.compile(rf'^\s*<p class="{PROMPT_CLASS}">(.*?)</p>', re.S)
_NAMED = re.compile(rf'<span class="{BLANK_CLASS}" data-name="([^"<>]*)">\{{#([0-9]+)\}}</span>')
_PLACEHOLDER = re.compile(r"\{#([0-9]+)\}")
_SLOT = re.compile("\ue000([0-9]+)\ue001")
_NAME = re.compile(BLANK_NAME)


def _plain(text: str, is_html: bool) -> str:
    return from_html(text)[0] if is_html else held(text)


def _shown(answer: Answer) -> str:
    return (
        held(answer.text.text) if answer.text.format == "plain" else from_html(answer.text.text)[0]
    )


class _Blank:
    """One part as a blank, with the notes on what it could not hold."""

    def __init__(self, name: str, part: MoodleQuestion, notes: list[str]) -> None:
        self.name, self.part, self.notes = name, part, notes

    def note(self, text: str) -> None:
        self.notes.append(f"blank {self.name}: {text}")

    def feedback(self, catch_all: Answer | None) -> str | None:
        """The blank's feedback: the catch-all answer's (`*`), else the one every wrong answer
        shares; every other answer feedback is named as dropped."""

        def said(a: Answer) -> str:
            return from_html(a.feedback.text)[0] if a.feedback.text.strip() else ""

        wrong = {said(a) for a in self.part.answers if a.fraction < 1 and a is not catch_all}
        kept = said(catch_all) if catch_all is not None else ""
        if not kept and len(wrong) == 1:
            kept = next(iter(wrong))
        dropped = [
            f"{_shown(a)}: {said(a)}" for a in self.part.answers if said(a) and said(a) != kept
        ]
        if dropped:
            self.note("feedback on single answers dropped (a blank has one): " + "; ".join(dropped))
        return kept or None

    def partial(self, answers: list[Answer]) -> None:
        weighed = [f"{_shown(a)} ({percent(a.fraction)}%)" for a in answers if 0 < a.fraction < 1]
        weighed += [f"{_shown(a)} ({percent(a.fraction)}%)" for a in answers if a.fraction < 0]
        if weighed:
            self.note("partial and negative credit count as wrong: " + "; ".join(weighed))

    def build(self) -> dict[str, Any]:
        part = self.part
        blank: dict[str, Any] = {}
        if part.qtype == "multichoice":
            choices = [_shown(a) for a in part.answers]
            full = [c for c, a in zip(choices, part.answers, strict=True) if a.fraction >= 1]
            if not part.single:
                raise ValueError("is a multiple-response part: a casequiz blank takes one answer")
            blank.update(type="choice", choices=choices, answer=full[0])
            if len(full) > 1:
                self.note(f"only the first of {len(full)} fully right choices is kept as right")
            if part.layout:
                self.note("shown as a drop-down, not as buttons")
            self.partial(part.answers)
            catch_all = None
        elif part.qtype == "numerical":
            catch_all = next((a for a in part.answers if a.text.text.strip() == "*"), None)
            real = [a for a in part.answers if a is not catch_all]
            full = [a for a in real if a.fraction >= 1]
            first = full[0]
            blank.update(type="numeric", answer=float(first.text.text.replace(",", ".")))
            if first.tolerance:
                blank["tolerance"] = abs(float(first.tolerance))
            if others := [a for a in real if a is not first]:
                self.note(
                    "only the first fully right answer is kept; dropped: "
                    + "; ".join(
                        f"{a.text.text}±{a.tolerance or 0:g} ({percent(a.fraction)}%)"
                        for a in others
                    )
                )
        else:
            catch_all = None
            right, patterns = [], []
            for a in part.answers:
                text = held(a.text.text)
                if re.search(r"(?<!\\)\*", text.replace("\\\\", "")):
                    if text == "*" and a.fraction < 1:
                        catch_all = a
                    elif a.fraction >= 1:
                        patterns.append(text)
                elif a.fraction >= 1:
                    right.append(text.replace("\\*", "*"))
            if patterns:
                self.note("answers with the wildcard * dropped: " + "; ".join(patterns))
            if not right:
                raise ValueError("has no fully right answer casequiz can hold")
            blank["answer"] = right[0]
            if accept := [a for a in dict.fromkeys(right[1:]) if a != right[0]]:
                blank["accept"] = accept
            if part.usecase:
                blank["match"] = "exact"
            self.partial([a for a in part.answers if a is not catch_all])
        if part.defaultgrade != 1:
            blank["points"] = part.defaultgrade if part.defaultgrade > 0 else 1.0
        if feedback := self.feedback(catch_all):
            blank["feedback"] = feedback
        return blank


def cloze(m: _Mapper, data: dict[str, Any]) -> None:
    """The cloze fields of a Moodle `multianswer`; raises `NotImported` with Moodle's errors
    when Moodle would refuse the text, or when a part has no casequiz blank."""
    from casequiz.interop.from_moodle import NotImported

    q = m.q
    is_html = q.text.format == "html" or looks_like_html(q.text.text)
    found = extract(q.text.text)
    if errors := validate(found):
        raise NotImported(invalid(errors))
    text = found.text
    prompt = PROMPT
    if is_html and (marked := _PROMPT.match(text)):
        prompt, text = from_html(marked.group(1))[0] or PROMPT, text[marked.end() :]
    else:
        m.notes.append(f"the prompt {PROMPT!r} is casequiz's: Moodle's text is the passage")
    names = {int(n): html.unescape(name) for name, n in _NAMED.findall(text)}
    text = _NAMED.sub(lambda g: f"\ue000{g.group(2)}\ue001", text)
    text = _PLACEHOLDER.sub(lambda g: f"\ue000{g.group(1)}\ue001", text)
    if "{{" in text:
        text = text.replace("{{", "\\{{")
    chosen: list[tuple[int, str]] = []

    def slot(found_slot: re.Match[str]) -> str:
        n = int(found_slot.group(1))
        taken = {name for _, name in chosen}
        name = names.get(n, "")
        if not _NAME.match(name) or name in taken:
            name = str(n) if str(n) not in taken else f"blank-{n}"
        chosen.append((n, name))
        return "{{" + name + "}}"

    passage = _SLOT.sub(slot, _plain(text, is_html))
    blanks: dict[str, Any] = {}
    for n, name in chosen:
        part = found.parts[n - 1]
        try:
            blanks[name] = _Blank(name, part, m.notes).build()
        except ValueError as exc:
            code = part.text.text[1:].split(":", 2)[1]
            raise NotImported(f"part {n} ({code}) {exc}") from None
    data.update(type="cloze", prompt=prompt, text=passage, blanks=blanks)


def passage_quoted(data: dict[str, Any], excerpts: list[dict[str, str]]) -> list[dict[str, str]]:
    """The excerpts without the one marked as the passage itself, which becomes `quotes`: an
    export writes a quoting passage into the general feedback as its last excerpt."""
    from casequiz.interop.explain import PASSAGE

    for index, excerpt in enumerate(excerpts):
        if PASSAGE in excerpt:
            data["quotes"] = excerpt["ref"]
            return excerpts[:index] + excerpts[index + 1 :]
    return excerpts
