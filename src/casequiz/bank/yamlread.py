"""Read a YAML file safely and fast, keeping enough to point at any line of it later.

PyYAML's own `safe_load` is slow (a pure-Python constructor, and the cyclic garbage collector
running again and again over millions of new objects) and forgiving in ways a bank must not be:
it keeps the last of two duplicate keys without a word and expands aliases without a bound.
So the data is built here straight from the C parser's events, without the node tree PyYAML
would compose first (which costs more time and memory than the data itself), refusing tags,
duplicate keys and alias bombs, each with its position. The node tree is composed only when a
problem must be placed on a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casequiz.bank.collector import collector_paused as _collector_paused
from casequiz.bank.diagnostics import BankError, Diagnostic
from casequiz.bank.limits import MAX_BYTES, MAX_DEPTH, too_large

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # libyaml is missing: slower, but the same results
    _Loader = yaml.SafeLoader


_BRACES = r"(?<!\\)\{\{"
"""An unescaped `{{`, compiled (by `re`'s own cache) only when a blank is placed."""
_BOM = b"\xef\xbb\xbf"
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    _TAG + name: _constructor.yaml_constructors[_TAG + name]
    for name in ("null", "bool", "int", "float", "timestamp")
}
"""The scalar types a bank may hold besides text, each with PyYAML's own safe constructor."""
_IMPLICIT: dict[str, list[tuple[str, Any]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _CONSTRUCT]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
"""How an untagged plain scalar is typed, by its first character: YAML 1.1's rules, as
PyYAML applies them. `<<` (merge) is recognised only as a key; `=` (value) is just text."""
_KINDS = {
    _TAG + "null": "null",
    _TAG + "bool": "boolean",
    _TAG + "int": "whole number",
    _TAG + "float": "number",
    _TAG + "timestamp": "date",
}
_INT = _TAG + "int"
_OCTAL_DIGITS = "01234567_"


def _octal(text: str) -> bool:
    """Whether `text` is one of YAML 1.1's octal integers (`re.match(r"^[-+]?0[0-7_]+$", text)`),
    which JSON, YAML 1.2 and every reader of a bank take as decimal. (`$` also matches before
    a last line break.)"""
    digits = text[1:] if text[:1] in ("-", "+") else text
    if digits.endswith("\n"):
        digits = digits[:-1]
    return len(digits) > 1 and digits[0] == "0" and not digits.strip(_OCTAL_DIGITS)


_BUSY = object()
"""An anchor whose collection is still being read: an alias to it would be a cycle."""
_UNTYPED = object()
"""A key not yet told apart from the others by its type (`1:` and `"1":` are two keys)."""


class YamlDocument:
    """The data of one YAML file, and the means to say where any part of it was written.

    A plain class, not a dataclass: `validate` need not import `dataclasses`.
    """

    def __init__(self, file: str, text: str, data: Any) -> None:
        self.file = file
        self.text = text
        self.data = data
        self._root: Node | None = None
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}
        """Each mapping node's keys, indexed when first walked: placing thousands of problems
        in one mapping of thousands of keys then takes linear time, not quadratic."""
        self._braces: dict[int, list[int]] = {}
        self._line_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"YamlDocument(file={self.file!r})"

    def root(self) -> Node:
        """The node tree; composed again on demand, since only a bank with problems needs it."""
        if self._root is None:
            with _collector_paused():
                try:
                    self._root = _Loader(self.text).get_single_node()
                except yaml.YAMLError:
                    # Read as data, refused as a tree (a corner libyaml's events allow): the
                    # problems are still reported, at the top of the file.
                    self._root = ScalarNode(_STR, "", Mark(self.file, 0, 0, 0, None, None))
        return self._root

    def release(self) -> None:
        """Drop the node tree: on a large valid bank it costs more memory than the data."""
        self._root = None
        self._keys = {}
        self._braces = {}
        self._line_starts = None

    def scalar_text(self, path: Sequence[str | int]) -> str | None:
        """The text written for the scalar at `path`, as typed (`No`, not False)."""
        node = self._walk(path)[1]
        return node.value if isinstance(node, ScalarNode) else None

    def _walk(self, path: Sequence[str | int]) -> tuple[Node | None, Node]:
        node: Node = self.root()
        key_node: Node | None = None
        for item in path:
            if item == "[key]" and key_node is not None:
                node = key_node
                continue
            child = self._child(node, item)
            if child is None:
                continue
            key_node, node = child
        return key_node, node

    def locate(self, path: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `path` (or of its key, with `at_key`).

        Path items that name nothing in the tree are passed over, so a path may carry extra
        labels (such as a union's tag); where the path stops matching, the deepest node reached
        is reported, which is where a missing key belongs.
        """
        key_node, node = self._walk(path)
        target = key_node if at_key and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def locate_brace(self, path: Sequence[str | int], occurrence: int) -> tuple[int, int]:
        """1-based line and column of the `occurrence`-th unescaped `{{` written in the scalar
        at `path` (a blank of a cloze text); the scalar's own place if it cannot be found.

        The written text is searched rather than the value: a folded or quoted scalar's value
        has lost the line breaks an editor counts, but a `{{` is written the same in both. Each
        scalar's braces and the file's line starts are indexed once, so a text with thousands
        of bad blanks is placed in n log n, not n².
        """
        node = self._walk(path)[1]
        braces = self._braces.get(id(node))
        if braces is None:
            start, end = node.start_mark.index, node.end_mark.index
            pattern = re.compile(_BRACES)
            braces = [found.start() for found in pattern.finditer(self.text, start, end)]
            self._braces[id(node)] = braces
        if not 0 <= occurrence < len(braces):
            return node.start_mark.line + 1, node.start_mark.column + 1
        if self._line_starts is None:
            self._line_starts = [0, *(found.end() for found in re.finditer("\n", self.text))]
        from bisect import bisect_right  # here: only a cloze's bad blank is placed this way

        at = braces[occurrence]
        line = bisect_right(self._line_starts, at) - 1
        return line + 1, at - self._line_starts[line] + 1

    def _child(self, node: Node, item: str | int) -> tuple[Node | None, Node] | None:
        if isinstance(node, SequenceNode) and isinstance(item, int):
            if 0 <= item < len(node.value):
                return None, node.value[item]
        elif isinstance(node, MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = self._keys[id(node)] = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))
                for key_node, value_node in node.value:
                    # A key YAML typed (`No:` is false) is named in a path by its value.
                    if isinstance(key_node, ScalarNode) and key_node.tag in _CONSTRUCT:
                        try:
                            typed = _CONSTRUCT[key_node.tag](_constructor, key_node)
                        except Exception:  # reported when the data was built
                            continue
                        keys.setdefault(str(typed), (key_node, value_node))
                        if isinstance(typed, bool):  # pydantic names a key false as 0
                            keys.setdefault(str(int(typed)), (key_node, value_node))
            return keys.get(str(item))
        return None


def read_yaml(file: str, raw: bytes) -> YamlDocument:
    """Parse `raw` (the bytes of `file`) into plain data, or raise `BankError`."""
    text = decode(file, raw)
    builder = _Builder(file)
    with _collector_paused():
        try:
            found, data = builder.build(_Loader(text))
        except yaml.MarkedYAMLError as exc:
            raise BankError([_syntax_error(file, exc)]) from None
        except yaml.reader.ReaderError as exc:
            raise BankError([_character_error(file, text, exc)]) from None
        except yaml.YAMLError as exc:
            problem = " ".join(str(exc).split())
            raise BankError([Diagnostic(file, 1, 1, "E100", f"YAML: {problem}")]) from None
        finally:
            builder.close()
    if builder.problems:
        raise BankError(builder.problems)
    if not isinstance(data, dict):
        line, col = (found.start_mark.line + 1, found.start_mark.column + 1) if found else (1, 1)
        what = "empty" if found is None else "not a mapping of fields (`casequiz: 1`, `id`, ...)"
        raise BankError([Diagnostic(file, line, col, "E103", f"the bank is {what}")])
    return YamlDocument(file, text, data)


_UNCLOSED = {
    "while scanning a quoted scalar": "this quoted text is never closed",
    "while parsing a flow sequence": "this [list] is not closed, or lacks a comma",
    "while parsing a flow mapping": "this {mapping} is not closed, or lacks a comma",
}
"""Contexts where the mistake is where the construct opens, not where the parser gave up."""


def _syntax_error(file: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """A syntax error where its author will look for it, with what the parser expected.

    A quote or bracket left open is reported where it opens (the parser notices only lines
    later, often at the end of the file); anything else where the parser gave up, naming what
    it was reading when that began elsewhere.
    """
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
    start = exc.context_mark
    if exc.problem and exc.context and start is not None and start.line + 1 != line:
        opened = _UNCLOSED.get(exc.context)
        if opened is not None:
            return Diagnostic(
                file,
                start.line + 1,
                start.column + 1,
                "E100",
                f"YAML syntax: {opened} ({problem} at line {line}, column {col})",
            )
        if exc.context.startswith("while "):
            where = f"line {start.line + 1}, column {start.column + 1}"
            problem += f" ({exc.context} that starts at {where})"
        else:
            problem = f"{exc.context}, {problem}"
    return Diagnostic(file, line, col, "E100", f"YAML syntax: {problem}")


def _character_error(file: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    """A character YAML forbids (a control character), at the line the reader does not give.

    The reader's position counts bytes with libyaml and characters without it, so the
    character itself is looked up instead.
    """
    code = exc.character if isinstance(exc.character, int) else None
    at = text.find(chr(code)) if code is not None else -1
    if at < 0:
        return Diagnostic(file, 1, 1, "E100", "YAML: " + " ".join(str(exc).split()))
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic(
        file,
        line,
        col,
        "E100",
        f"the character U+{code:04X} may not appear in YAML: remove it, or write it "
        f'as the escape "\\u{code:04x}" inside double quotes',
    )


def decode(file: str, raw: bytes) -> str:
    """UTF-8 text of a file, or the line and column of the first byte that is not UTF-8.

    A byte-order mark is dropped, then the rest decoded as UTF-8: what the `utf-8-sig` codec
    does, without importing its module, which nothing else a check does needs.
    """
    if len(raw) > MAX_BYTES:
        raise BankError([Diagnostic(file, 1, 1, "E101", too_large(len(raw)))])
    mark = len(_BOM) if raw.startswith(_BOM) else 0
    try:
        return (raw[mark:] if mark else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + mark  # counted after the mark
        start = raw.rfind(b"\n", 0, at) + 1
        line = raw.count(b"\n", 0, at) + 1
        col = len(raw[start:at].decode("utf-8-sig" if start == 0 else "utf-8", "replace")) + 1
        raise BankError(
            [
                Diagnostic(
                    file,
                    line,
                    col,
                    "E102",
                    f"byte 0x{raw[at]:02x} is not UTF-8: save the file as UTF-8",
                )
            ]
        ) from None


collector_paused = _collector_paused
"""The same pause for the loader's whole cold check: placing and checking a large bank's
problems builds as many objects as reading it, and the collector, run again and again over
them, made that time grow faster than the bank."""


class _Builder:
    """Turns the parser's events into dicts, lists and scalars; collects every problem it meets.

    The work mirrors PyYAML's composer and safe constructor, minus what a bank may not use
    (tags, duplicate keys, unbounded aliases), in one pass and without a node tree.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.parser: Any = None
        self.next_event: Any = None
        self.problems: list[Diagnostic] = []
        self.anchors: dict[str, Any] = {}
        self.values = 0
        """Every value read (scalars and collections, not keys): the size of the data."""
        self.aliased = 0
        """What aliases add to it: the values of what each names, counted again."""
        self.keys: set[str] = set()
        """Keys met that are plain text as written, which need no look at YAML's types again:
        a bank repeats a few dozen keys thousands of times."""

    def close(self) -> None:
        """Let the parser drop its references to itself (the pure-Python one holds some)."""
        if self.parser is not None:
            self.parser.dispose()
            self.parser = None

    def _problem(self, event: Event, code: str, message: str) -> None:
        mark = event.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, code, message))

    def build(self, parser: Any) -> tuple[Event | None, Any]:
        """The first event of the single document's top level (None if empty), and its data."""
        self.parser = parser
        self.next_event = parser.get_event
        self.next_event()  # the stream starts
        event = self.next_event()
        if isinstance(event, StreamEndEvent):
            return None, None
        top = self.next_event()
        data = self._value(top, 0)
        self.next_event()  # the document ends
        event = self.next_event()
        if isinstance(event, DocumentStartEvent):
            self._problem(
                event,
                "E100",
                "YAML syntax: expected a single document in the stream, but found another "
                "document: a bank is one document, with no second `---`",
            )
        # An alias reuses a value: cheap to load, but every later walk of the data visits it
        # again. Bound the size the data has when walked, not the size of the file.
        limit = max(1_000_000, 4 * self.values)
        if (expanded := self.values + self.aliased) > limit:
            self._problem(
                top,
                "E106",
                f"aliases expand the bank to {expanded:,} values "
                f"(at most {limit:,}): share less through anchors",
            )
        return top, data

    def _value(self, event: Event, depth: int) -> Any:
        kind = event.__class__
        if kind is ScalarEvent:
            self.values += 1
            value = self._scalar(event)
            if event.anchor is not None:
                self._define(event, (value, 1))
            return value
        if kind is AliasEvent:
            return self._alias(event)
        anchor = event.anchor  # type: ignore[attr-defined]
        if anchor is not None:
            self._define(event, _BUSY)
        before = self.values + self.aliased
        if depth > MAX_DEPTH:
            self._problem(event, "E100", f"nesting deeper than {MAX_DEPTH} levels")
            self._skip()
            value: Any = None
        elif kind is SequenceStartEvent:
            self._check_tag(event, _SEQ)
            value = self._sequence(depth)
        else:
            self._check_tag(event, _MAP)
            value = self._mapping(depth)
        self.values += 1
        if anchor is not None:
            self.anchors[anchor] = (value, self.values + self.aliased - before)
        return value

    def _define(self, event: Event, value: Any) -> None:
        """Record an anchor; one name given twice is refused, as PyYAML's composer does."""
        name = event.anchor  # type: ignore[attr-defined]
        if name in self.anchors:
            self._problem(
                event, "E100", f"YAML: the anchor &{name} is defined twice: give each its own name"
            )
        self.anchors[name] = value

    def _alias(self, event: Event) -> Any:
        name = event.anchor  # type: ignore[attr-defined]
        known = self.anchors.get(name)
        if known is None or known is _BUSY:
            what = (
                f"is inside the collection &{name} it names"
                if known
                else f"names no anchor &{name} defined before it"
            )
            self._problem(event, "E100", f"YAML: the alias *{name} {what}")
            return None
        value, size = known
        self.aliased += size
        return value

    def _skip(self) -> None:
        """Pass over the rest of a collection without building it."""
        level = 1
        while level:
            kind = self.next_event().__class__
            if kind is SequenceStartEvent or kind is MappingStartEvent:
                level += 1
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                level -= 1

    def _sequence(self, depth: int) -> list[Any]:
        items: list[Any] = []
        next_event, value, scalar = self.next_event, self._value, self._scalar
        scalars = 0  # counted here, added once: what `_value` does for each, in one step
        while (event := next_event()).__class__ is not SequenceEndEvent:
            if event.__class__ is ScalarEvent and event.anchor is None:
                scalars += 1
                # Text that YAML would not type (quoted, or plain with a first character no
                # type starts with) is what `_scalar` gives back as it is; else it decides.
                text = event.value
                if event.tag is None and (not event.implicit[0] or text[:1] not in _IMPLICIT):
                    items.append(text)
                else:
                    items.append(scalar(event))
            else:
                items.append(value(event, depth + 1))
        self.values += scalars
        return items

    def _mapping(self, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merged: list[Any] = []
        next_event, value, scalar, keys = self.next_event, self._value, self._scalar, self.keys
        scalars = 0  # as in `_sequence`
        while (event := next_event()).__class__ is not MappingEndEvent:
            typed: Any = _UNTYPED
            if (
                event.__class__ is ScalarEvent
                and event.value in keys
                and event.tag is None
                and event.implicit[0]
                and event.anchor is None
            ):
                key = typed = event.value  # a plain key met before as text: text again
            elif event.__class__ is ScalarEvent:
                key = event.value
                plain = event.tag is None and event.implicit[0]
                is_merge = plain and key == "<<"
                if not is_merge:
                    found = len(self.problems)
                    key = scalar(event)
                    if plain and key.__class__ is str and len(self.problems) == found:
                        keys.add(key)  # text as written, with no problem: so wherever it is met
                if event.anchor is not None:
                    self._define(event, (key, 1))
                if is_merge:
                    if merged:
                        self._problem(
                            event,
                            "E105",
                            "`<<` is given twice in this mapping: merge several with one "
                            "list, `<<: [*first, *second]`",
                        )
                    merged.append(self._merge_source(next_event(), depth))
                    continue
            elif event.__class__ is AliasEvent:
                key = self._alias(event)
            else:
                key = value(event, depth + 1)
            if typed is _UNTYPED:  # not a known key: what it is decides how it is told apart
                if key.__class__ is str:
                    typed = key
                elif isinstance(key, (list, dict)):  # a tuple: `list | dict` is made anew
                    self._problem(event, "E203", "a key must be plain text")
                    value(next_event(), depth + 1)
                    continue
                else:
                    typed = (key.__class__, key)  # 1: and yes: differ
            line = event.start_mark.line + 1
            if typed in first_line:
                self._problem(
                    event,
                    "E105",
                    f"the key {event.value if event.__class__ is ScalarEvent else key!r} is "
                    f"already given on line {first_line[typed]}: keep one of them",
                )
            first_line[typed] = line
            if (item := next_event()).__class__ is ScalarEvent and item.anchor is None:
                scalars += 1  # and text as in `_sequence`
                text = item.value
                if item.tag is None and (not item.implicit[0] or text[:1] not in _IMPLICIT):
                    result[key] = text
                else:
                    result[key] = scalar(item)
            else:
                result[key] = value(item, depth + 1)
        self.values += scalars
        for extra in merged:
            for item in extra if isinstance(extra, list) else [extra]:
                if isinstance(item, dict):
                    for key, item_value in item.items():
                        result.setdefault(key, item_value)
        return result

    def _merge_source(self, event: Event, depth: int) -> Any:
        """The value of a `<<` key, which must be a mapping or a list of mappings."""
        merged = self._value(event, depth + 1)
        items = merged if isinstance(merged, list) else [merged]
        if not all(isinstance(item, dict) for item in items):
            self._problem(
                event,
                "E100",
                "`<<` merges a mapping (or a list of mappings) into this one, such as "
                "`<<: *defaults`; it cannot merge "
                + ("a list of other values" if isinstance(merged, list) else repr(merged)),
            )
        return merged

    def _scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        if tag == "!":
            return text  # the non-specific tag: text, whatever it looks like (YAML 1.1, 6.9.1)
        if tag is None:
            if not event.implicit[0]:
                return text  # quoted, or a block scalar: always text
            for resolved, regexp in _IMPLICIT.get(text[:1], ()):
                if regexp.match(text):
                    if resolved == _INT:
                        self._check_number(event, text)
                    return self._construct(event, resolved)
            return text
        if tag == _STR:
            return text
        if tag in _CONSTRUCT:
            return self._construct(event, tag)
        self._check_tag(event, _STR)
        return text

    def _check_number(self, event: Any, text: str) -> None:
        """Refuse YAML 1.1's octal numbers, which nobody means: `010` is 8.

        (`1:30`, which YAML 1.1 reads as 90, is left to the schema: in a text field it is
        refused with a hint to quote it, and a number field rarely holds a time.)
        """
        if _octal(text):
            value = _CONSTRUCT[_INT](_constructor, ScalarNode(_INT, text))
            sign = "-" if text.startswith("-") else ""
            plain = sign + (text.lstrip("+-").lstrip("0_").replace("_", "") or "0")
            self._problem(
                event,
                "E100",
                f"YAML reads {text} as the octal number {value}: write {plain} for the number, "
                f'or "{text}" in quotes for the text',
            )

    def _construct(self, event: Any, tag: str) -> Any:
        try:
            return _CONSTRUCT[tag](_constructor, ScalarNode(tag, event.value))
        except Exception as exc:  # any failure of PyYAML's constructor: the text is not that type
            kind = _KINDS.get(tag, tag)
            why = f": {exc}" if isinstance(exc, ValueError) else ""
            self._problem(event, "E100", f"cannot read {event.value!r} as a {kind}{why}")
            return event.value

    def _check_tag(self, event: Any, expected: str) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag != expected:
            self._problem(
                event,
                "E104",
                f"the tag {tag.replace(_TAG, '!!')!r} is not "
                "allowed in a bank: remove it and write plain YAML",
            )
