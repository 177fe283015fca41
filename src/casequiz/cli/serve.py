"""`casequiz serve`: the class takes the quiz in a browser; the banks and the key stay here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casequiz.cli.common import UsageError, add_command
from casequiz.cli.taking import bank_paths, load, parse_duration


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "serve",
        run,
        description="Serve banks to browsers: each student types the access code printed for "
        "them, takes the quiz on a page whose screen is drawn here, and every answer goes "
        "straight into this results store. See docs/serving.md.",
    )
    parser.add_argument("paths", nargs="*", metavar="BANK|DIR", help="banks or folders of banks")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s, this machine only; "
        "0.0.0.0: every network)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="CSV (name, id) or YAML list of the students; their codes are kept in FILE.codes.json",
    )
    parser.add_argument("--mode", choices=("exam", "practice"), default="exam")
    parser.add_argument("--time-limit", type=parse_duration, metavar="DURATION", help="e.g. 30m")
    parser.add_argument("--count", type=int, metavar="N", help="draw N questions per student")
    parser.add_argument(
        "--seed", type=int, metavar="S", help="the same seed gives every student the same quiz"
    )
    parser.add_argument("--topic", action="append", default=[], metavar="T", help="only topic T")
    parser.add_argument(
        "--max-sessions", type=int, metavar="N", help="at most N students connected at once"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address students use, when a reverse proxy (TLS) stands in front",
    )
    parser.add_argument("--title", default="casequiz exam", help="the page's title")
    parser.add_argument(
        "--print-codes", action="store_true", help="print the roster's access codes and exit"
    )


def _check(args: argparse.Namespace) -> None:
    if args.roster is None:
        raise UsageError("--roster is required: the students and their access codes")
    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    if args.count is not None and args.count < 1:
        raise UsageError("--count must be at least 1")
    if args.max_sessions is not None and args.max_sessions < 1:
        raise UsageError("--max-sessions must be at least 1")
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise UsageError("--public-url must start with http:// or https://")


def run(args: argparse.Namespace) -> int:
    from casequiz.serve.roster import RosterError, codes_table, load_codes

    _check(args)
    try:
        codes = load_codes(args.roster)
    except RosterError as exc:
        print(f"casequiz: error: {exc}", file=sys.stderr)
        return 1
    if args.print_codes:
        print(codes_table(codes))
        return 0
    paths = [p.resolve() for p in bank_paths(args.paths)]
    banks = load(paths)
    if banks is None:
        return 1
    from casequiz.quiz.draw import Selection, SelectionError, draw

    try:
        draw(banks, Selection(tuple(args.topic), (), args.count, args.seed or 0))
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    return _serve(args, codes, [str(p) for p in paths], banks)


def _serve(args: argparse.Namespace, codes: Any, paths: list[str], banks: Any) -> int:
    from casequiz.cli.taking import open_store, store_path
    from casequiz.serve.run import run as run_server
    from casequiz.serve.sitting import Settings
    from casequiz.serve.web import ExamServer
    from casequiz.store.base import is_url

    location = store_path(args)
    store = open_store(args)
    settings = Settings(
        banks=paths,
        store=str(location) if is_url(location) else str(Path(location).resolve()),
        sitting=codes.sitting,
        mode=args.mode,
        count=args.count,
        seed=args.seed,
        time_limit=args.time_limit,
        topics=list(args.topic),
    )
    import tempfile

    with tempfile.TemporaryDirectory(prefix="casequiz-serve-") as folder:
        settings_path = Path(folder) / "settings.json"
        settings.write(settings_path)
        server = ExamServer(
            codes,
            settings_path,
            host=args.host,
            public_url=args.public_url,
            max_sessions=args.max_sessions,
            title=args.title,
        )
        try:
            return run_server(server, settings, store, args.host, args.port, banks)
        finally:
            store.close()
