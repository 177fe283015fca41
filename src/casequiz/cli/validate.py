"""`casequiz validate`: check banks and report every problem like a compiler would."""

from __future__ import annotations

import sys

from casequiz.cli.common import (
    add_cache_flag,
    add_command,
    existing_names,
    path_argument,
    plural,
    print_diagnostics,
)

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    import argparse
    from typing import Any


def register(commands: Any) -> None:
    parser = add_command(
        commands,
        "validate",
        run,
        description="Check question banks and report every problem as FILE:LINE:COL: "
        "error[CODE]: message. Exit 0 when every bank is valid, 1 when any has an error.",
    )
    parser.add_argument("paths", nargs="+", metavar="BANK|DIR", help="bank files or folders")
    parser.add_argument(
        "--sources",
        metavar="DIR",
        type=path_argument,
        help="look source texts up in DIR (as DIR/<file name> or "
        "DIR/<source id>.txt) to check excerpts",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    add_cache_flag(parser)


def run(args: argparse.Namespace) -> int:
    from casequiz.bank.collector import collector_paused, ending

    with collector_paused():
        code = _report(args)
        ending()  # everything written, every file it read or wrote closed
    return code


def _report(args: argparse.Namespace) -> int:
    """Check the banks and write what was found; the exit code."""
    from casequiz.bank.load import check_paths

    paths = existing_names(args.paths)
    if args.sources is not None and not args.sources.is_dir():
        from casequiz.cli.common import UsageError

        raise UsageError(f"--sources: no such folder: {args.sources}")
    results = check_paths(paths, sources_dir=args.sources, use_cache=args.use_cache)
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    questions = sum(r.questions for r in results)
    failed = errors > 0 or (args.strict and warnings > 0) or not results
    if args.format == "json":
        import json

        report = {
            "valid": not failed,
            "errors": errors,
            "warnings": warnings,
            "banks": [
                {
                    "file": r.display,
                    "id": r.bank_id,
                    "questions": r.questions,
                    "valid": not r.errors,
                }
                for r in results
            ],
            "diagnostics": [d.to_json() for r in results for d in r.diagnostics],
        }
        if not results:
            report["problem"] = "no bank files (*.yaml, *.yml) found"
        json.dump(report, sys.stdout, indent=2)
        print()
        return 1 if failed else 0
    for result in results:
        print_diagnostics(result.diagnostics, sys.stdout)
    bad = sum(1 for r in results if r.errors)
    summary = (
        f"{plural(len(results), 'bank')}, {plural(questions, 'question')}: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )
    if not results:
        summary = "no bank files (*.yaml, *.yml) found"
    elif bad:
        summary += f" ({bad} of {len(results)} invalid)"
    print(summary)
    return 1 if failed else 0
