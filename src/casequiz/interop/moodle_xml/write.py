"""Write banks as Moodle XML, in the structure Moodle's importer reads
(`question/format/xml/format.php`): a `<quiz>` of category and question elements.

Texts are HTML (`format="html"`), escaped or in CDATA as Moodle's exporter writes them; ids are
names and idnumbers, topics categories, tags `<tags>`, points `<defaultgrade>`, an order
question Moodle's ordering type; the explanation and its excerpts the general feedback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from casequiz.bank.model import Bank
from casequiz.interop.gift.parse import repr_number
from casequiz.interop.moodle import MoodleQuestion, Text, percent
from casequiz.interop.moodle_xml.parse import XML_TYPES
from casequiz.interop.report import WriteResult
from casequiz.interop.text import held, to_html
from casequiz.interop.to_moodle import to_moodle

_XML_NAME = {internal: name for name, internal in XML_TYPES.items()}
HOLDS = frozenset({"hint", "unit", "usecase", "cloze"})
_MARKUP = re.compile(r"[<>&]")


def xml_escape(text: str) -> str:
    """Moodle's `xml_escape`: text with markup in CDATA (a `]]>` inside split), else as is."""
    if not _MARKUP.search(text):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rich(tag: str, value: Text, indent: str = "    ", attrs: str = "") -> str:
    body = value.text if value.format == "html" else to_html(value.text)
    inner = f"{indent}  <text>{xml_escape(body)}</text>\n"
    return f'{indent}<{tag}{attrs} format="html">\n{inner}{indent}</{tag}>\n'


def _literal(value: str) -> str:
    return xml_escape(held(value))


def _answers(q: MoodleQuestion) -> str:
    out = []
    if q.qtype == "ordering":
        for n, item in enumerate(q.ordering, 1):
            out.append(
                f'    <answer fraction="{n}" format="html">\n'
                f"      <text>{xml_escape(to_html(item.text))}</text>\n    </answer>\n"
            )
        return "".join(out)
    for answer in q.answers:
        fraction = percent(answer.fraction)
        if q.qtype in ("shortanswer", "numerical", "truefalse"):
            head = f'    <answer fraction="{fraction}" format="moodle_auto_format">\n'
            body = f"      <text>{_literal(answer.text.text)}</text>\n"
        else:
            head = f'    <answer fraction="{fraction}" format="html">\n'
            body = f"      <text>{xml_escape(to_html(answer.text.text))}</text>\n"
        feedback = _rich("feedback", answer.feedback, "      ")
        tolerance = ""
        if q.qtype == "numerical":
            tolerance = f"      <tolerance>{repr_number(answer.tolerance or 0.0)}</tolerance>\n"
        out.append(head + body + feedback + tolerance + "    </answer>\n")
    for sub in q.subquestions:
        out.append(
            _rich("subquestion", sub.text).replace(
                "    </subquestion>\n",
                f"      <answer>\n        <text>{_literal(sub.answer)}</text>\n      </answer>\n"
                "    </subquestion>\n",
            )
        )
    return "".join(out)


def _options(q: MoodleQuestion) -> str:
    lines = []
    if q.qtype == "multichoice":
        lines += [
            f"<single>{'true' if q.single else 'false'}</single>",
            "<shuffleanswers>true</shuffleanswers>",
            "<answernumbering>abc</answernumbering>",
        ]
    elif q.qtype == "shortanswer":
        lines.append(f"<usecase>{int(q.usecase)}</usecase>")
    elif q.qtype == "match":
        lines.append("<shuffleanswers>true</shuffleanswers>")
    elif q.qtype == "ordering":
        lines += [
            "<layouttype>VERTICAL</layouttype>",
            "<selecttype>ALL</selecttype>",
            "<selectcount>0</selectcount>",
            f"<gradingtype>{q.ordering_grading}</gradingtype>",
        ]
    elif q.qtype == "numerical":
        lines.append("<unitgradingtype>0</unitgradingtype>")
        lines.append("<unitpenalty>0.1000000</unitpenalty>")
        lines.append("<showunits>3</showunits>")
        lines.append("<unitsleft>0</unitsleft>")
    out = "".join(f"    {line}\n" for line in lines)
    if q.units:
        out += (
            "    <units>\n"
            + "".join(
                f"      <unit>\n        <multiplier>{m:g}</multiplier>\n"
                f"        <unit_name>{_literal(name)}</unit_name>\n      </unit>\n"
                for name, m in q.units
            )
            + "    </units>\n"
        )
    return out


def question(q: MoodleQuestion) -> str:
    """One `<question>` element, fields in the order Moodle's exporter writes them."""
    penalty = "1.0000000" if q.qtype == "truefalse" else "0.3333333"
    cloze = q.qtype == "multianswer"  # its marks and answers are in its text
    parts = [
        f'  <question type="{_XML_NAME.get(q.qtype, q.qtype)}">\n',
        f"    <name>\n      <text>{_literal(q.name)}</text>\n    </name>\n",
        _rich("questiontext", q.text),
        _rich("generalfeedback", q.general_feedback),
        "" if cloze else f"    <defaultgrade>{q.defaultgrade!r}</defaultgrade>\n",
        f"    <penalty>{penalty}</penalty>\n",
        "    <hidden>0</hidden>\n",
        f"    <idnumber>{_literal(q.idnumber)}</idnumber>\n",
        "" if cloze else _options(q),
        "" if cloze else _answers(q),
        "".join(_rich("hint", hint) for hint in q.hints),
    ]
    if q.tags:
        parts.append(
            "    <tags>\n"
            + "".join(f"      <tag><text>{_literal(tag)}</text>\n      </tag>\n" for tag in q.tags)
            + "    </tags>\n"
        )
    parts.append("  </question>\n")
    return "".join(parts)


def _category(path: str) -> str:
    return (
        f'  <question type="category">\n    <category>\n      <text>{_literal(path)}</text>\n'
        "    </category>\n  </question>\n"
    )


def write(banks: Sequence[Bank]) -> WriteResult:
    """The banks as one Moodle XML file; notes name what Moodle cannot hold."""
    exported = to_moodle(banks, HOLDS.__contains__, order_as_match=False)
    titles = ", ".join(f"{b.title} ({b.id})" for b in banks).replace("--", "- -")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<!-- {held(titles)}: written by casequiz bank export -->\n<quiz>\n",
    ]
    category = None
    for q in exported.questions:
        if q.category != category:
            category = q.category
            parts.append(_category(category or ""))
        parts.append(question(q))
    parts.append("</quiz>\n")
    return WriteResult(
        "".join(parts).encode("utf-8"), exported.all_notes("Moodle XML"), len(exported.questions)
    )
