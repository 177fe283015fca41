"""The parser: argparse's own help at any width, and only the parsers a command line needs."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from casequiz.cli.commands import SUMMARIES
from casequiz.cli.main import build_parser
from casequiz.cli.parser import HelpFormatter
from cli_support import run


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for child in _commands(parser).values():
        yield from _every_parser(child)


@pytest.mark.parametrize("columns", ["12", "40", "80", "200"])
def test_every_help_and_usage_is_argparse_s_own_at_any_width(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter measures the terminal when it writes, not when argparse makes it: the text
    is the same as argparse's formatter writes, however wide the terminal."""
    monkeypatch.setenv("COLUMNS", columns)
    parsers = list(_every_parser(build_parser()))
    assert len(parsers) > len(SUMMARIES)
    for parser in parsers:
        assert parser.formatter_class is HelpFormatter
        ours = parser.format_help(), parser.format_usage()
        parser.formatter_class = argparse.HelpFormatter
        assert (parser.format_help(), parser.format_usage()) == ours


def test_a_command_named_first_is_the_only_parser_built() -> None:
    for argv in (["validate", "x"], ["--db", "a.db", "validate"], ["--db=a.db", "validate", "-h"]):
        assert list(_commands(build_parser(argv))) == ["validate"]


@pytest.mark.parametrize(
    "argv",
    [["-h", "validate"], ["--db", "a.db", "--help", "validate"], ["validat"], ["--", "validate"]],
)
def test_any_other_line_still_knows_every_command(argv: list[str]) -> None:
    assert list(_commands(build_parser(argv))) == list(SUMMARIES)


def test_help_before_a_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-h", "validate")
    assert code == 0
    assert out == build_parser().format_help()
    assert all(f"    {name} " in out for name in SUMMARIES)


def test_a_command_s_help_is_the_same_however_it_is_reached(
    capsys: pytest.CaptureFixture[str],
) -> None:
    alone = run(capsys, "validate", "--help")
    assert alone[0] == 0
    assert run(capsys, "--db", "a.db", "validate", "--help") == alone
    full = _commands(build_parser())["validate"]
    assert alone[1] == full.format_help()


def test_a_mistyped_command_is_answered_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validat", "x")
    assert code == 2
    assert "invalid choice: 'validat'" in err
    assert all(repr(name) in err for name in SUMMARIES)
