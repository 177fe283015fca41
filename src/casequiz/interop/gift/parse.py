"""A GIFT parser that reads a file as Moodle's own importer does (`qformat_gift`).

No GIFT parser is maintained for Python, and the published grammar (GIFT-grammar-PEG.js)
disagrees with Moodle on inputs teachers write (it rejects `{#3:2~#Completely wrong}`, which
Moodle accepts). Moodle decides what a GIFT file means, so this follows Moodle's algorithm step
by step: questions are separated by blank lines, escapes become placeholders first, the answer
block is the text between the first `{` and the first `}`, and the kind of question is read from
what the block holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from casequiz.interop.moodle import FORMATS, Answer, MoodleQuestion, Subquestion, Text

_ESCAPES = {":": "\x00c", "#": "\x00h", "=": "\x00e", "{": "\x00o", "}": "\x00x", "~": "\x00t"}
_BACK = {v: k for k, v in _ESCAPES.items()}
_BACKSLASH = "\x00b"
_NEWLINE = "\x00n"
_PLACEHOLDER = re.compile("\x00[chexotbn]")
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_NOT_SPACE = re.compile(r"\S")


class GiftError(ValueError):
    """A question Moodle would refuse; the message says why."""


@dataclass(slots=True)
class Block:
    """The lines of one question (blank-line separated), and the line its text starts on."""

    line: int
    lines: list[str]


def blocks(text: str) -> Iterator[Block]:
    """The questions of a file: runs of non-blank lines, as Moodle's `readquestions` cuts them."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            yield Block(start, current)
            current = []
    if current:
        yield Block(start, current)


def _pre(text: str) -> str:
    """Escaped characters to placeholders, before anything looks for the markup characters."""
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", _NEWLINE).replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    return _PLACEHOLDER.sub(
        lambda m: "\n" if m.group() == _NEWLINE else _BACK.get(m.group(), m.group()), text
    )


def _with_format(text: str, default: str = "moodle") -> Text:
    """`[html]<p>x</p>` -> Text("<p>x</p>", "html"); an unknown `[word]` stays in the text."""
    text = text.strip()
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return Text(_post(text).strip(), fmt)


def _comment(answer: str, default: str) -> tuple[Text, Text]:
    text, _, feedback = answer.partition("#")
    return _with_format(text, default), _with_format(feedback, default)


def _weight(answer: str) -> tuple[float | None, str]:
    """A leading `%50%` as 0.5, and the rest; (None, answer) when there is none."""
    if not _WEIGHT.match(answer):
        return None, answer
    body = answer[1:]
    end = body.find("%")
    try:
        weight = float(body[:end]) / 100
    except ValueError:
        weight = 0.0
    return weight, body[end + 1 :]


def _marks(comments: list[str]) -> tuple[str, list[str]]:
    """The `[id:...]` and `[tag:...]` marks of a question's comment lines."""
    idnumber, tags = "", []
    for line in comments:
        tags += [t.replace("\\]", "]") for t in _marked(line, "tag")]
        if found := next(_marked(line, "id"), None):
            idnumber = found.replace("\\]", "]")
    return idnumber, tags


def _marked(line: str, key: str) -> Iterator[str]:
    r"""The marks `[key:...]` of one line: what `re.findall` of Moodle's pattern
    `\[key:\s*((?:\\\]|[^\]\n])+?)\s*\]` finds, but in one pass.

    That pattern backtracks: each `[tag:` with no `]` after it scans the rest of the line
    (a 100 kB comment of them took over a minute), and a long mark takes some 130 bytes of
    memory per character (a 5 MB one took 650 MB). What it finds is this: white space skipped,
    the mark runs to the first `]` not written `\]`, less its trailing white space; with no
    such `]`, to the last `\]`, whose backslash it keeps; `[key:  ]` is its last white space,
    and `[key:]` no mark.
    """
    opener = f"[{key}:"
    start = line.find(opener)
    while start >= 0:
        body = start + len(opener)
        found = _NOT_SPACE.search(line, body)
        first = found.start() if found else len(line)
        if line.startswith("]", first):
            if first > body:
                yield line[first - 1]
                start = line.find(opener, first + 1)
            else:
                start = line.find(opener, start + 1)
            continue
        close = line.find("]", first)
        while close >= 0 and line[close - 1] == "\\":
            close = line.find("]", close + 1)
        if close >= 0:
            yield line[first:close].rstrip()
        else:
            escape = line.rfind("\\]", first)
            if escape < 0:
                return  # no `]` after this opener, so none after a later one either
            close = escape + 1
            yield line[first:close]
        start = line.find(opener, close + 1)


def _split(answertext: str, sep: str) -> list[str]:
    answers = answertext.split(sep)
    if answers and not answers[0].strip():
        answers.pop(0)
    return [a.strip() for a in answers]


def parse_block(block: Block) -> MoodleQuestion | None:
    """One question of a GIFT file; None for a block of comments only. Raises `GiftError`."""
    comments = [line for line in block.lines if line.startswith("//")]
    body = [" " if line.startswith("//") else line for line in block.lines]
    text = "\n".join(body).strip()
    if not text:
        return None
    line = block.line + next(i for i, part in enumerate(body) if part.strip())
    text = _pre(text)
    question = MoodleQuestion("", line)
    question.idnumber, question.tags = _marks(comments)
    if text.startswith("$CATEGORY:"):
        question.qtype, question.category = "category", _post(text[10:]).strip()
        return question
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            question.name = _post(text[:end]).strip()
            text = text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        question.qtype = "description"
        question.text = _with_format(text)
        return question
    if start < 0 or finish < 0 or finish < start:
        raise GiftError("a { or } is missing around the answers (escape a literal one: \\{)")
    answertext = text[start + 1 : finish].strip()
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1 :]
    general = ""
    if (separator := answertext.rfind("####")) >= 0:
        general = answertext[separator + 4 :]
        answertext = answertext[:separator].strip()
    question.text = _with_format(questiontext)
    fmt = question.text.format
    question.general_feedback = _with_format(general, fmt)
    _answers(question, answertext, fmt)
    return question


def _answers(question: MoodleQuestion, answertext: str, fmt: str) -> None:
    if not answertext:
        question.qtype = "essay"
    elif answertext.startswith("#"):
        question.qtype = "numerical"
        _numerical(question, answertext[1:], fmt)
    elif "~" in answertext:
        question.qtype = "multichoice"
        question.single = "=" in answertext
        answers = _split(answertext.replace("=", "~="), "~")
        if len(answers) < 2:
            raise GiftError("a multiple choice question needs at least two answers")
        for answer in answers:
            if answer.startswith("="):
                weight, answer = 1.0, answer[1:]
            else:
                found, answer = _weight(answer)
                weight = found or 0.0
            text, feedback = _comment(answer, fmt)
            question.answers.append(Answer(text, weight, feedback))
    elif "=" in answertext and "->" in answertext:
        question.qtype = "match"
        pairs = _split(answertext, "=")
        if len(pairs) < 2:
            raise GiftError("a matching question needs at least two pairs")
        for pair in pairs:
            if "->" not in pair:
                raise GiftError(f"a matching pair needs `->`: {_post(pair)!r}")
            left, _, right = pair.partition("->")
            question.subquestions.append(Subquestion(_with_format(left, fmt), _post(right).strip()))
    else:
        check = answertext.split("#", 1)[0].strip() if "#" in answertext[1:] else answertext
        if check in ("T", "TRUE", "F", "FALSE"):
            question.qtype = "truefalse"
            parts = ([*answertext.split("#", 2), "", ""])[:3]
            truth = parts[0].strip() in ("T", "TRUE")
            wrong, right = _with_format(parts[1], fmt), _with_format(parts[2], fmt)
            question.answers = [
                Answer(Text("true"), float(truth), right if truth else wrong),
                Answer(Text("false"), float(not truth), wrong if truth else right),
            ]
        else:
            question.qtype = "shortanswer"
            answers = _split(answertext, "=")
            if not answers:
                raise GiftError("a short answer question needs at least one answer")
            for answer in answers:
                weight, answer = _weight(answer)
                text, feedback = _comment(answer, fmt)
                question.answers.append(Answer(text, 1.0 if weight is None else weight, feedback))


def _numerical(question: MoodleQuestion, answertext: str, fmt: str) -> None:
    wrong = ""
    if (tilde := answertext.find("~")) >= 0:
        answertext, wrong = answertext[:tilde], answertext[tilde:]
    answers = _split(answertext, "=")
    if not answers:
        raise GiftError("a numerical question needs at least one answer")
    for answer in answers:
        weight, answer = _weight(answer)
        text, feedback = _comment(answer, fmt)
        value = text.text
        if (dots := value.find("..")) > 0:
            low, high = value[:dots].strip(), value[dots + 2 :].strip()
            _numbers(low, high)
            centre = (float(high) + float(low)) / 2
            number, tolerance = repr_number(centre), float(high) - centre
        elif (colon := value.find(":")) > 0:
            number, margin = value[:colon].strip(), value[colon + 1 :].strip()
            _numbers(number, margin)
            tolerance = float(margin)
        else:
            number, tolerance = value.strip(), 0.0
            _numbers(number)
        question.answers.append(
            Answer(Text(number, "plain"), 1.0 if weight is None else weight, feedback, tolerance)
        )
    if wrong:
        _, feedback = _comment(wrong[1:] if wrong.startswith("~") else wrong, fmt)
        question.answers.append(Answer(Text("*", "plain"), 0.0, feedback, None))


def _numbers(*values: str) -> None:
    for value in values:
        if not _NUMBER.match(value):
            raise GiftError(f"{_post(value)!r} is not a number")


def repr_number(value: float) -> str:
    """A number as short as it reads back: `1822.0` -> `1822`."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _category_apart(block: Block) -> list[Block]:
    """A `$CATEGORY:` line with a question straight below it, as two blocks.

    Moodle would read the question as part of the category's name and lose it without a word;
    the name is one line, and what follows it is the question the teacher wrote.
    """
    for index, line in enumerate(block.lines):
        if line.startswith("//"):
            continue
        rest = block.lines[index + 1 :]
        if line.startswith("$CATEGORY:") and any(not ln.startswith("//") for ln in rest):
            head = Block(block.line, block.lines[: index + 1])
            return [head, Block(block.line + index + 1, rest)]
        break
    return [block]


def parse(text: str) -> Iterator[MoodleQuestion | GiftError]:
    """Every question of a GIFT text in order; a question Moodle refuses comes as a `GiftError`
    whose `args[1]` is its line."""
    cut = blocks(text.replace("\r\n", "\n").replace("\r", "\n"))
    for block in (part for whole in cut for part in _category_apart(whole)):
        try:
            question = parse_block(block)
        except GiftError as exc:
            text_at = next((i for i, ln in enumerate(block.lines) if not ln.startswith("//")), 0)
            yield GiftError(str(exc), block.line + text_at)
            continue
        if question is not None:
            yield question
