"""Properties of the loader: any input gives a bank or diagnostics, and a dumped bank loads back.

The fuzzing half feeds text, bytes, arbitrary YAML and valid banks with one field spoiled to the
loader; the only acceptable outcomes are a bank, a `CheckResult` with diagnostics, or `BankError`.
The round-trip half builds valid banks of every question type, writes them with `dump_bank` and
loads the text again.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank_strategies import banks, slugs
from casequiz.bank import yamlread
from casequiz.bank.codes import CODES
from casequiz.bank.diagnostics import BankError, Diagnostic
from casequiz.bank.dump import dump_bank
from casequiz.bank.load import CheckResult, check_file, load_banks
from casequiz.bank.model import SLUG, Bank
from casequiz.bank.yamlread import read_yaml

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_names = itertools.count()


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for every example (hypothesis runs many examples per test function)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def write(folder: Path, raw: bytes) -> Path:
    path = folder / f"bank-{next(_names)}.yaml"
    path.write_bytes(raw)
    return path


def line_count(raw: bytes) -> int:
    """An upper bound of the lines YAML sees: it also breaks lines at CR, NEL, LS and PS."""
    return len(raw.decode("utf-8", "replace").splitlines()) + 1


def assert_well_formed(diagnostic: Diagnostic, lines: int) -> None:
    assert diagnostic.code in CODES, diagnostic
    assert 1 <= diagnostic.line <= lines, diagnostic
    assert diagnostic.col >= 1, diagnostic
    assert diagnostic.message and "\n" not in diagnostic.message, diagnostic


def check_any(folder: Path, raw: bytes) -> CheckResult:
    """`check_file` on `raw`: it must return, with sound diagnostics, and never raise."""
    result = check_file(write(folder, raw), use_cache=False, need_bank=True)
    for diagnostic in result.diagnostics:
        assert_well_formed(diagnostic, line_count(raw))
    assert (result.loaded is None) == bool(result.errors)
    return result


def read_any(raw: bytes) -> None:
    """`read_yaml` on `raw`: plain data, or `BankError` with sound diagnostics."""
    try:
        read_yaml("fuzz.yaml", raw)
    except BankError as exc:
        assert exc.diagnostics
        for diagnostic in exc.diagnostics:
            assert_well_formed(diagnostic, line_count(raw))


# -- Fuzzing ---------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)
bank_keys = st.sampled_from(
    [
        "casequiz",
        "id",
        "title",
        "sources",
        "questions",
        "type",
        "prompt",
        "options",
        "answer",
        "answers",
        "items",
        "pairs",
        "source",
        "ref",
        "quote",
        "file",
        "tolerance",
        "points",
        "feedback",
        "distractors",
    ]
)


@FUZZ
@given(st.text())
def test_any_text_gives_data_or_diagnostics(text: str) -> None:
    read_any(text.encode())


@FUZZ
@given(st.binary())
def test_any_bytes_give_data_or_diagnostics(raw: bytes) -> None:
    read_any(raw)


YAML_TOKENS = [
    *("&a ", "&b ", "*a", "*b", "<<: ", "? ", ": ", "- ", ", ", "\n", "\n  ", "\n    "),
    *("[", "]", "{", "}", "'", '"', "---\n", "...\n", "# c", "|\n  ", ">-\n  "),
    *("!!str ", "!!int ", "!!bool ", "!!float ", "!!null ", "!!timestamp ", "!!binary "),
    *("!!map ", "!!seq ", "!!set ", "!local ", "! ", "!!python/object:os.system "),
    *("a", "id", "casequiz", "questions", "1", "0x1F", "1:30", "no", "~", "2019-13-01", "="),
]
yaml_texts = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)


@FUZZ
@given(yaml_texts)
def test_any_yamlish_text_gives_data_or_diagnostics(text: str) -> None:
    read_any(text.encode())


def outcome(raw: bytes) -> Any:
    try:
        return read_yaml("fuzz.yaml", raw).data
    except BankError as exc:
        return [d.code for d in exc.diagnostics]


@FUZZ
@given(yaml_texts)
def test_the_pure_python_parser_agrees_with_libyaml(text: str) -> None:
    """Where libyaml is missing, PyYAML's own parser gives the same data or refuses alike."""
    raw = text.encode()
    with_libyaml = outcome(raw)
    with mock.patch.object(yamlread, "_Loader", yaml.SafeLoader):
        without = outcome(raw)
    if isinstance(with_libyaml, list) or isinstance(without, list):
        assert isinstance(with_libyaml, list) and isinstance(without, list)
    else:
        assert without == with_libyaml


@FUZZ
@given(yaml_texts)
def test_any_yamlish_text_checks_without_exception(folder: Path, text: str) -> None:
    check_any(folder, ("casequiz: 1\nid: t\ntitle: T\nquestions:\n" + text).encode())


@FUZZ
@given(st.text())
def test_any_text_checks_without_exception(folder: Path, text: str) -> None:
    check_any(folder, text.encode())


@FUZZ
@given(yaml_values)
def test_any_yaml_checks_without_exception(folder: Path, value: Any) -> None:
    check_any(folder, yaml.safe_dump(value, allow_unicode=True).encode())


@FUZZ
@given(st.dictionaries(bank_keys, yaml_values, max_size=6))
def test_any_mapping_of_bank_keys_checks_without_exception(
    folder: Path, value: dict[str, Any]
) -> None:
    check_any(folder, yaml.safe_dump(value, allow_unicode=True).encode())


# -- Valid banks -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(banks())
def test_a_dumped_bank_loads_back_equal(folder: Path, bank: Bank) -> None:
    path = write(folder, dump_bank(bank).encode())
    result = check_file(path, use_cache=False, need_bank=True)
    assert result.errors == []
    assert result.loaded is not None
    assert result.loaded.bank == bank


@settings(max_examples=50, deadline=None)
@given(banks())
def test_a_dumped_bank_loads_back_through_load_banks(folder: Path, bank: Bank) -> None:
    [loaded] = load_banks([write(folder, dump_bank(bank).encode())], use_cache=False)
    assert loaded.bank == bank


@settings(max_examples=30, deadline=None)
@given(banks())
def test_a_bank_read_back_from_the_cache_is_equal(folder: Path, bank: Bank) -> None:
    path = write(folder, dump_bank(bank).encode())
    cold = check_file(path, need_bank=True)
    warm = check_file(path, need_bank=True)
    assert cold.loaded is not None and warm.loaded is not None
    assert warm.loaded.bank == cold.loaded.bank == bank
    assert warm.diagnostics == cold.diagnostics


# -- Valid banks with one thing spoiled ------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def spoiled_banks(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = draw(banks()).model_dump(mode="json", exclude_defaults=True)
    path = draw(st.sampled_from([p for p in _paths(data) if p]))
    parent = data
    for item in path[:-1]:
        parent = parent[item]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(yaml_values)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = draw(yaml_values)
    else:
        parent.append(draw(yaml_values))
    return data


@settings(max_examples=300, deadline=None)
@given(spoiled_banks())
def test_a_spoiled_bank_checks_without_exception(folder: Path, data: dict[str, Any]) -> None:
    check_any(folder, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())


@given(slugs)
def test_the_slug_strategy_makes_slugs(slug: str) -> None:
    assert re.fullmatch(SLUG, slug)


@given(
    st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=4),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
def test_a_byte_that_is_not_utf8_is_placed_the_same_with_or_without_a_bom(
    lines: list[str], before: str
) -> None:
    """E102 names the line and column of the bad byte, counted in characters as an editor shows
    them; a byte-order mark at the start is no column."""
    from casequiz.bank.diagnostics import BankError
    from casequiz.bank.yamlread import decode

    raw = "\n".join([*lines, before]).encode("utf-8") + b"\xe9 end\n"
    found = []
    for data in (raw, b"\xef\xbb\xbf" + raw):
        try:
            decode("f.yaml", data)
        except BankError as error:
            found.append(error.diagnostics[0])
    assert len(found) == 2
    text = "\n".join([*lines, before])
    expected = (text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1)
    for diagnostic in found:
        assert (diagnostic.line, diagnostic.col) == expected
        assert "byte 0xe9 is not UTF-8" in diagnostic.message


@FUZZ
@given(
    st.binary(max_size=40).map(lambda raw: raw.replace(b"\xef\xbb\xbf", b"")),
    st.booleans(),
    st.binary(max_size=8),
)
def test_decoding_is_the_utf_8_sig_codec(body: bytes, marked: bool, tail: bytes) -> None:
    """`decode` drops a byte-order mark and decodes UTF-8 as the `utf-8-sig` codec does: the same
    text, or an error that names the same byte."""
    raw = (b"\xef\xbb\xbf" if marked else b"") + body + tail
    try:
        expected: str | None = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        expected = None
        at = exc.start + (3 if marked else 0)
    try:
        text = yamlread.decode("bank.yaml", raw)
    except BankError as exc:
        assert expected is None
        [diagnostic] = exc.diagnostics
        assert diagnostic.code == "E102"
        assert diagnostic.message.startswith(f"byte 0x{raw[at]:02x} ")
    else:
        assert text == expected


_octal_texts = st.lists(
    st.sampled_from(["0", "7", "8", "1", "_", "-", "+", "a", "\n", " "]), max_size=8
).map("".join)


@given(_octal_texts)
def test_an_octal_number_is_told_as_the_pattern_tells_it(text: str) -> None:
    assert yamlread._octal(text) == bool(re.match(r"^[-+]?0[0-7_]+$", text))


def test_a_key_yaml_cannot_read_is_reported_wherever_it_is_given(folder: Path) -> None:
    """A plain key is looked at again each time it is given until it has read as plain text
    without a problem: a key that is not a date (or an octal number) is reported each time."""
    text = (
        "casequiz: 1\nid: b\ntitle: T\nsources:\n"
        "  s:\n    title: S\n    2024-13-45: x\n"
        "  t:\n    title: T\n    2024-13-45: y\n    010: z\n"
        "  u:\n    title: U\n    010: w\n"
        "questions: []\n"
    )
    with pytest.raises(BankError) as raised:
        read_yaml("b.yaml", text.encode())
    found = [(d.line, d.code) for d in raised.value.diagnostics]
    assert found == [(7, "E100"), (10, "E100"), (11, "E100"), (14, "E100")]


def test_a_key_given_twice_is_found_when_it_was_read_before(folder: Path) -> None:
    """The keys read as plain text before are told apart as before: `1:` and `"1":` are two,
    `id:` given twice is one given twice."""
    text = 'a:\n  id: x\n  "1": y\n  1: z\nb:\n  id: x\n  title: t\n  id: again\n'
    with pytest.raises(BankError) as raised:
        read_yaml("b.yaml", text.encode())
    [duplicate] = raised.value.diagnostics
    assert (duplicate.line, duplicate.code) == (8, "E105")
    assert "already given on line 6" in duplicate.message
