"""Read a YAML file safely and fast, keeping enough to point at any line of it later.

PyYAML's own `safe_load` is slow (a pure-Python constructor, and the cyclic garbage collector
running again and again over millions of new objects) and forgiving in ways a bank must not be:
it keeps the last of two duplicate keys without a word and expands aliases without a bound.
So the C parser composes the node tree, and a small constructor here turns it into plain
Python data while it refuses tags, duplicate keys and alias bombs, each with its position.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casequiz.bank.diagnostics import BankError, Diagnostic

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # libyaml is missing: slower, but the same results
    _Loader = yaml.SafeLoader

MAX_BYTES = 32 * 1024 * 1024
"""The largest bank file read. A 10,000-question bank is about 10 MB."""

MAX_DEPTH = 64
"""Banks nest four or five levels deep; anything near this is an attack or an accident."""

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
_SCALAR_TAGS = {_TAG + name for name in ("null", "bool", "int", "float", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDocument:
    """The data of one YAML file, and the means to say where any part of it was written."""

    file: str
    text: str
    data: Any
    _root: Node | None = field(default=None, repr=False)

    def root(self) -> Node:
        """The node tree; composed again on demand, since only a bank with problems needs it."""
        if self._root is None:
            self._root = _Loader(self.text).get_single_node()
        return self._root

    def release(self) -> None:
        """Drop the node tree: on a large valid bank it costs more memory than the data."""
        self._root = None

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
            child = _child(node, item)
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


def _child(node: Node, item: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, SequenceNode) and isinstance(item, int):
        if 0 <= item < len(node.value):
            return None, node.value[item]
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(item):
                return key_node, value_node
    return None


def read_yaml(file: str, raw: bytes, *, keep_nodes: bool = False) -> YamlDocument:
    """Parse `raw` (the bytes of `file`) into plain data, or raise `BankError`."""
    text = decode(file, raw)
    with _collector_paused():
        try:
            root = _Loader(text).get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise BankError([_syntax_error(file, exc)]) from None
        except yaml.reader.ReaderError as exc:
            raise BankError([_character_error(file, text, exc)]) from None
        except yaml.YAMLError as exc:
            problem = " ".join(str(exc).split())
            raise BankError([Diagnostic(file, 1, 1, "E100", f"YAML: {problem}")]) from None
        if root is None or not isinstance(root, MappingNode):
            where = (root.start_mark.line + 1, root.start_mark.column + 1) if root else (1, 1)
            what = "empty" if root is None else "not a mapping of fields (`casequiz: 1`, `id`, ...)"
            raise BankError([Diagnostic(file, *where, "E103", f"the bank is {what}")])
        builder = _Builder(file)
        data = builder.build(root)
    if builder.problems:
        raise BankError(builder.problems)
    return YamlDocument(file, text, data, root if keep_nodes else None)


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
    """UTF-8 text of a file, or the line and column of the first byte that is not UTF-8."""
    if len(raw) > MAX_BYTES:
        size = len(raw) / 1024 / 1024
        raise BankError(
            [
                Diagnostic(
                    file,
                    1,
                    1,
                    "E101",
                    f"the file is {size:.1f} MB; banks may be at most "
                    f"{MAX_BYTES // 1024 // 1024} MB: split it into several",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        raise BankError(
            [
                Diagnostic(
                    file,
                    line,
                    col,
                    "E102",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8",
                )
            ]
        ) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building millions of objects triggers the cyclic collector over and over, for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Builder:
    """Turns a node tree into dicts, lists and scalars; collects every problem it meets."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []
        self.built: dict[int, Any] = {}
        self.expanded = 0
        self.nodes = 0

    def _problem(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, code, message))

    def build(self, root: Node) -> Any:
        data = self._build(root, 0)
        # An alias reuses a node: cheap to load, but every later walk of the data visits it
        # again. Bound the size the data has when walked, not the size of the file.
        limit = max(1_000_000, 4 * self.nodes)
        if self.expanded > limit:
            self._problem(
                root,
                "E106",
                f"aliases expand the bank to {self.expanded:,} values "
                f"(at most {limit:,}): share less through anchors",
            )
        return data

    def _build(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            self.nodes += 1
            self.expanded += 1
            return self._scalar(node)
        known = self.built.get(id(node))
        if known is not None:
            value, size = known
            self.expanded += size
            return value
        before = self.expanded
        if depth > MAX_DEPTH:
            self._problem(node, "E100", f"nesting deeper than {MAX_DEPTH} levels")
            value: Any = None
        elif isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ)
            value = [self._build(item, depth + 1) for item in node.value]
        else:
            self._check_tag(node, _MAP)
            value = self._mapping(node, depth)
        self.nodes += 1
        self.expanded += 1
        self.built[id(node)] = (value, self.expanded - before)
        return value

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag in _SCALAR_TAGS:
            try:
                return _constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError) as exc:
                self._problem(node, "E100", f"cannot read {node.value!r}: {exc}")
                return node.value
        self._check_tag(node, _STR)
        return node.value

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._problem(
                node,
                "E104",
                f"the tag {node.tag.replace(_TAG, '!!')!r} is not "
                "allowed in a bank: remove it and write plain YAML",
            )

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merged: list[dict[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                value = self._build(value_node, depth + 1)
                merged.extend(value if isinstance(value, list) else [value])
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "E203", "a key must be plain text")
                continue
            key = self._scalar(key_node)
            if key in first_line:
                self._problem(
                    key_node,
                    "E105",
                    f"the key {key_node.value!r} is already given "
                    f"on line {first_line[key]}: keep one of them",
                )
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self._build(value_node, depth + 1)
        for extra in merged:
            if isinstance(extra, dict):
                for key, value in extra.items():
                    result.setdefault(key, value)
        return result
