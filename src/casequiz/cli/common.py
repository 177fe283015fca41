"""What several commands share: errors, bank arguments, and reporting a bank that will not load."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any


class UsageError(Exception):
    """A mistake in how the command was called: reported in one line, exit code 2."""


def existing_paths(values: list[str]) -> list[Path]:
    """The paths given, each of which must exist."""
    from pathlib import Path

    return [Path(name) for name in existing_names(values)]


def existing_names(values: list[str]) -> list[str]:
    """`existing_paths` as text, each written as `Path` writes it (`bank.pathnames`): `validate`
    need not import `pathlib`."""
    from casequiz.bank.pathnames import pathname

    names = [pathname(value) for value in values]
    missing: list[str] = []
    for name in names:
        try:
            os.stat(name)
        except FileNotFoundError:
            missing.append(_shown(name))
        except (OSError, ValueError) as exc:  # a name too long, a loop of links
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UsageError(f"cannot use {_shown(name)}: {reason}") from None
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return names


def path_argument(value: str) -> Path:
    """`Path(value)`, as an option's `type`: `pathlib` is imported only when it is given."""
    from pathlib import Path

    return Path(value)


def _shown(path: str, limit: int = 120) -> str:
    """A path as the user typed it, cut short when it is absurdly long."""
    text = str(path)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"


def add_subcommand(
    commands: Any, name: str, summary: str, run: Any, description: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=description or summary
    )
    parser.set_defaults(run=run)
    return parser


def add_command(
    commands: Any, name: str, run: Any, description: str | None = None
) -> argparse.ArgumentParser:
    """The parser of one `casequiz` command, with the summary `--help` lists it with."""
    from casequiz.cli.commands import SUMMARIES

    return add_subcommand(commands, name, SUMMARIES[name], run, description)


DB_HELP = (
    "the results store: an SQLite file, or a postgresql:// URL (default: $CASEQUIZ_DB, else "
    "casequiz.db in your data directory)"
)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db` after a command's name (or its action's), as well as before it.

    SUPPRESS: given only before the command, the value parsed there is kept.
    """
    import argparse  # here: imported with the parser, once the collector is paused (`main`)

    parser.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=DB_HELP)


def add_cache_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="check every bank from scratch instead of using the cache",
    )


def print_diagnostics(diagnostics: list[Any], stream: Any = None) -> None:
    if not diagnostics:
        return
    from casequiz.quiz.literal import literal

    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(literal(diagnostic.format()), file=stream)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def add_sources_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources",
        metavar="DIR",
        type=path_argument,
        help="folder of source texts, to open excerpts in their full text",
    )


def add_plain_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line on stdin/stdout, for screen readers and scripts",
    )


def require_terminal(hint: str = "use --plain for pipes, scripts and screen readers") -> None:
    """Refuse to start the terminal UI without a terminal, before anything is recorded.

    Piped into or out of, a full-screen app would wait for keys that never come.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(f"the terminal UI needs a terminal on stdin and stdout; {hint}")
