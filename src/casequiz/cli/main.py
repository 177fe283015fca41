"""`casequiz`: parse the command line and run one command, with exit codes users can script.

Exit codes: 0 success, 1 the command ran and found problems, 2 a usage error. A user's mistake
is reported in one line on stderr, never as a traceback.
"""

from __future__ import annotations

import errno
import os
import sys

from casequiz import __version__
from casequiz.bank.collector import collector_paused
from casequiz.cli.commands import SUMMARIES
from casequiz.cli.common import DB_HELP, UsageError, add_db_option

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

COMMANDS = tuple(SUMMARIES)
"""Command modules of `casequiz.cli`, in the order `--help` lists them."""

STORE_COMMANDS = (
    "practice",
    "exam",
    "resume",
    "history",
    "study",
    "score",
    "results",
    "export",
    "stats",
    "serve",
)
"""The commands that use the results store, and so take `--db` after their name as well."""


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line, if any: the first word that is not an option."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _home_paths(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """`casequiz DIR...`: the words that name existing banks or folders when no command is
    given (they open the home screen on them), and the rest of the command line."""
    if _command_in(argv) is not None:
        return list(argv), []
    from pathlib import Path  # here: a command named, `validate` above all, need not import it

    rest: list[str] = []
    paths: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--db":
            rest += [word, next(words, "")]
        elif not word.startswith("-") and Path(word).exists():
            paths.append(word)
        else:
            rest.append(word)
    return rest, paths


def _named_alone(argv: Sequence[str], command: str) -> bool:
    """Whether `command` is the first word of `argv` but for `--db` and its value.

    argparse then hands every later word to that command's parser: neither the list of
    commands (`--help` before the command, a mistyped name) nor any other command's parser can
    be reached, so they need not be built.
    """
    words = iter(argv)
    for word in words:
        if word == command:
            return True
        if word == "--db":
            next(words, None)
        elif not word.startswith("--db="):
            return False
    return False


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given `argv`, only the command it names has its module imported (none
    when it names none: `casequiz --help` lists the commands by their summaries alone).

    The other commands are still known by name, so a typo is still answered with the list,
    unless the command is named first (`_named_alone`): then only its own parser is built.
    Without `argv`, every command is registered in full (for the docs and their tests).
    """
    from casequiz.cli.parser import ArgumentParser  # and argparse: see `main`

    parser = ArgumentParser(
        prog="casequiz",
        description="Teach from case material: take question banks in the terminal, check "
        "them, and grade the results.",
        epilog="With no command, casequiz opens its home screen on the banks under ./questions, "
        "else the bundled ones; `casequiz BANK|DIR...` opens it on those banks instead.",
    )
    parser.add_argument("--version", action="version", version=f"casequiz {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    # prog: what argparse would work out by formatting a usage line, which measures the terminal
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog="casequiz")
    wanted = _command_in(argv) if argv is not None else None
    alone = argv is not None and wanted is not None and _named_alone(argv, wanted)
    for name in COMMANDS:
        if argv is not None and name != wanted:
            if not alone:
                commands.add_parser(name, help=SUMMARIES[name])
            continue
        # __import__ rather than importlib.import_module: `validate` need not import importlib
        __import__(f"casequiz.cli.{name}", fromlist=("register",)).register(commands)
        if name in STORE_COMMANDS:
            add_db_option(commands.choices[name])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the process's own command line: the console script, `python -m casequiz`
        from casequiz.bank.collector import own_process

        own_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    if (unreadable := _not_text(argv)) is not None:
        print(f"casequiz: error: {unreadable}", file=sys.stderr)
        return 2
    argv, home_paths = _home_paths(argv)
    # argparse, the parser and the command's module are made to last: the collector would only
    # walk them, as it walks what `import` makes (a command pauses it again as it needs).
    with collector_paused():
        parser = build_parser(argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exited:  # a usage error (2), or --help and --version (0)
            return exited.code if isinstance(exited.code, int) else 2
    args.home_paths = home_paths
    handler = getattr(args, "run", None)
    try:
        if handler is None:
            from casequiz.cli.home import run_home

            return run_home(args)
        return int(handler(args) or 0)
    except UsageError as exc:
        from casequiz.quiz.literal import literal

        print(f"casequiz: error: {literal(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("casequiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except OSError as exc:
        if exc.errno not in _FULL:
            return _failed(exc, args)
        _drop_stdout()
        print(f"casequiz: error: cannot write: {exc.strerror}", file=sys.stderr)
        return 1
    except Exception as exc:
        return _failed(exc, args)


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""A write that failed for want of room: the output (`> /dev/full`, a full disk), which no
command catches, since any of them may print."""


def _failed(exc: Exception, args: argparse.Namespace) -> int:
    """A store that failed while the command ran, in one line; anything else is a defect,
    and raised."""
    if (reason := _store_failure(exc, args)) is None:
        raise exc
    from casequiz.quiz.literal import literal

    print(f"casequiz: error: {literal(reason)}", file=sys.stderr)
    return 1


def _drop_stdout() -> None:
    """Point standard output at the null device: what its buffer still holds cannot be
    written either, and the interpreter's last flush would fail again, with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no descriptor (a test's StringIO): nothing to flush there
        pass


def _not_text(argv: Sequence[str]) -> str | None:
    """Why a command-line word is not text, else None.

    Bytes that are not UTF-8 reach Python as lone surrogates, which no store, file name or
    terminal can hold; refused here, once, before any command sees them.
    """
    for position, word in enumerate(argv, start=1):
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            from casequiz.quiz.literal import literal

            shown = os.fsencode(word).decode("utf-8", "backslashreplace")
            return f"argument {position} ({literal(shown)}) is not valid UTF-8 text"
    return None


def _store_failure(exc: Exception, args: argparse.Namespace) -> str | None:
    """One line for a results store that failed while a command ran, else None.

    Imported only once something has failed: a command that never opens the store does not pay
    for SQLite.
    """
    from pathlib import Path

    from casequiz.store.base import StoreError, is_database_failure, is_url, redacted

    if isinstance(exc, StoreError):
        return str(exc)
    if not is_database_failure(exc):
        return None
    from casequiz.cli.taking import store_path
    from casequiz.store.db import failure

    location = store_path(args)
    if is_url(location):
        reason = next(iter(str(exc).strip().splitlines()), type(exc).__name__)
        return f"{redacted(str(location))}: the results store failed: {reason}"
    return f"{location}: the results store failed: {failure(exc, Path(location))}"
