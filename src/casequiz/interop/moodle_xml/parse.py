"""Parse untrusted Moodle XML safely, into Moodle's question model.

defusedxml refuses any DTD, entity declaration or external reference (no "billion laughs", no
file or network reads); a parser target counts nesting depth, refuses more than `MAX_DEPTH`,
and notes the line each question starts on, for the reports.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from casequiz.interop.limits import MAX_DEPTH
from casequiz.interop.moodle import Answer, MoodleQuestion, Subquestion, Text

FORMAT_NAMES = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}


XML_TYPES = {"matching": "match", "cloze": "multianswer"}
"""Moodle XML's names for types whose internal name differs."""


class XmlError(ValueError):
    """The file is not Moodle XML that can be read safely; `args[1]` is the line."""


class _Target(ET.TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.lines: list[int] = []
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        line = self.parser.parser.CurrentLineNumber if self.parser else 0
        if self.depth > MAX_DEPTH:
            raise XmlError(f"elements nest more than {MAX_DEPTH} deep", line)
        if tag == "question":
            self.lines.append(line)
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def parse_xml(data: bytes) -> tuple[ET.Element, list[int]]:
    """The document's root and the line of each `<question>`; raises `XmlError`."""
    target = _Target()
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise XmlError(f"not well-formed XML: {str(exc).split(':')[0]}", line) from None
    except DefusedXmlException as exc:
        raise XmlError(
            f"refused for safety: {type(exc).__name__} (DTDs, entities and external "
            "references are not read)",
            1,
        ) from None
    except XmlError:
        raise
    except (LookupError, ValueError) as exc:
        # expat asks Python's codecs for the encoding the declaration names: an unknown name, a
        # codec that is not a text encoding (`rot13`) or a multi-byte one it cannot take.
        raise XmlError(f"its encoding cannot be read ({exc}); save the file as UTF-8", 1) from None
    return root, target.lines


def _text(element: ET.Element | None) -> str:
    """The `<text>` of an element, or its own text (older Moodle files)."""
    if element is None:
        return ""
    inner = element.find("text")
    return (inner.text if inner is not None else element.text) or ""


def _rich(element: ET.Element | None, default: str = "html") -> Text:
    if element is None:
        return Text("", default)
    fmt = FORMAT_NAMES.get(element.get("format", ""), default)
    return Text(_text(element).strip(), fmt)


def _flag(element: ET.Element, name: str, default: bool) -> bool:
    found = element.findtext(name)
    if found is None:
        return default
    return found.strip().lower() in ("1", "true", "yes")


def _number(text: str | None, default: float) -> float:
    try:
        value = float(text) if text is not None and text.strip() else default
    except ValueError:
        return default
    return value if value == value and abs(value) != float("inf") else default


def question(element: ET.Element, line: int) -> MoodleQuestion:
    """One `<question>` element as Moodle's importer reads it."""
    kind = element.get("type", "")
    q = MoodleQuestion(XML_TYPES.get(kind, kind), line)
    if q.qtype == "category":
        q.category = _text(element.find("category")).strip()
        return q
    q.name = _text(element.find("name")).strip()
    q.idnumber = (element.findtext("idnumber") or "").strip()
    q.text = _rich(element.find("questiontext"))
    q.general_feedback = _rich(element.find("generalfeedback"), q.text.format)
    q.defaultgrade = _number(element.findtext("defaultgrade"), 1.0)
    penalty = element.findtext("penalty")
    q.penalty = _number(penalty, 0.0) if penalty is not None else None
    q.single = _flag(element, "single", True)
    q.usecase = _flag(element, "usecase", False)
    q.shuffle = _flag(element, "shuffleanswers", True)
    q.tags = [_text(tag).strip() for tag in element.iterfind("tags/tag") if _text(tag).strip()]
    q.hints = [_rich(hint, q.text.format) for hint in element.iterfind("hint")]
    q.hints = [hint for hint in q.hints if hint.text]
    answers = list(element.iterfind("answer"))
    if q.qtype == "ordering":
        texts = [
            (_number(a.get("fraction"), i), i, _rich(a, q.text.format))
            for i, a in enumerate(answers)
        ]
        q.ordering = [t for _, _, t in sorted(texts, key=lambda x: (x[0], x[1]))]
        q.ordering_grading = (element.findtext("gradingtype") or "").strip()
        return q
    for answer in answers:
        q.answers.append(
            Answer(
                _rich(answer, q.text.format),
                _number(answer.get("fraction"), 0.0) / 100,
                _rich(answer.find("feedback"), q.text.format),
                _number(answer.findtext("tolerance"), 0.0),
            )
        )
    for sub in element.iterfind("subquestion"):
        q.subquestions.append(
            Subquestion(_rich(sub, q.text.format), _text(sub.find("answer")).strip())
        )
    for unit in element.iterfind("units/unit"):
        name = (unit.findtext("unit_name") or "").strip()
        if name:
            q.units.append((name, _number(unit.findtext("multiplier"), 1.0)))
    return q


def questions(root: ET.Element, lines: list[int]) -> Iterator[MoodleQuestion]:
    """Every `<question>` of a `<quiz>`, in order, with its line."""
    if root.tag != "quiz":
        raise XmlError(f"the root element is <{root.tag}>, not Moodle's <quiz>", 1)
    everything = list(root.iter("question"))
    line_of = dict(zip(map(id, everything), lines, strict=False))
    for element in root.iterfind("question"):
        yield question(element, line_of.get(id(element), 0))
