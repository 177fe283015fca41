"""`casequiz bank import` and `casequiz bank export`: banks in from and out to other tools.

The formats are those of `casequiz.interop.formats`; each reader and writer is imported only
when it runs, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casequiz.cli.common import UsageError, add_command, add_subcommand, existing_paths, plural


def register(commands: Any) -> None:
    from casequiz.interop.formats import FORMATS, readable, writable

    parser = add_command(
        commands,
        "bank",
        _usage,
        description="Bring question banks in from other tools and take them out again. "
        "Formats: " + ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values()) + ".",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    take = add_subcommand(
        actions,
        "import",
        "write a casequiz bank from GIFT or Moodle XML files",
        run_import,
        description="Read GIFT or Moodle XML files and write one casequiz bank, checked as "
        "`casequiz validate` checks it. Every question that cannot be carried over is reported "
        "as FILE:LINE: not imported: REASON (exit 1); what was converted is said in a comment "
        "above the question.",
    )
    take.add_argument("files", nargs="+", metavar="FILE", help="GIFT (.gift, .txt) or XML files")
    take.add_argument(
        "--from",
        dest="source_format",
        choices=readable(),
        help="the files' format (default: from each file's extension)",
    )
    take.add_argument(
        "-o",
        "--output",
        metavar="OUT.yaml|DIR",
        help="the bank file to write, or a folder to write ID.yaml in (default: standard output)",
    )
    take.add_argument("--id", help="the bank's id (default: from the first file's name)")
    take.add_argument("--title", help="the bank's title (default: from the first file's name)")
    take.add_argument("--force", action="store_true", help="overwrite an existing bank file")
    give = add_subcommand(
        actions,
        "export",
        "write banks as GIFT, Moodle XML, an Anki deck or a QTI package",
        run_export,
        description="Write banks in another tool's format. What a format cannot hold is named "
        "on standard error, one line per question.",
    )
    give.add_argument("paths", nargs="+", metavar="BANK|DIR", help="bank files or folders")
    give.add_argument(
        "--to",
        dest="target_format",
        choices=writable(),
        help="the format to write (default: from the -o file's extension)",
    )
    give.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    give.add_argument(
        "--subdecks", action="store_true", help="anki: a subdeck per topic in each bank's deck"
    )


def _usage(args: argparse.Namespace) -> int:
    raise UsageError(
        "say what to do: `casequiz bank import FILE...` or `casequiz bank export BANK`"
    )


def _source_format(path: Path, chosen: str | None) -> str:
    from casequiz.interop.formats import by_extension, readable

    if chosen:
        return chosen
    found = by_extension(path, readable())
    if found is None:
        raise UsageError(
            f"{path}: cannot tell the format from the name; say --from gift or --from moodle-xml"
        )
    return found.name


def _destination(output: str | None, bank_id: str, force: bool) -> Path | None:
    if output is None:
        return None
    path = Path(output)
    if path.is_dir() or output.endswith(("/", "\\")):
        path = path / f"{bank_id}.yaml"
    if path.exists() and not force:
        raise UsageError(f"{path} exists; add --force to overwrite it")
    if not path.parent.is_dir():
        raise UsageError(f"no such folder: {path.parent}")
    return path


def run_import(args: argparse.Namespace) -> int:
    from casequiz.bank.files import read_regular
    from casequiz.bank.model import SLUG

    paths = existing_paths(args.files)
    if args.id is not None:
        import re

        if not re.match(SLUG, args.id):
            raise UsageError(f"--id {args.id!r}: use lower-case letters, digits and - _ .")
    formats = [_source_format(path, args.source_format) for path in paths]
    from casequiz.interop.build import build, default_id
    from casequiz.interop.formats import FORMATS

    bank_id = args.id or default_id(paths)
    out = _destination(args.output, bank_id, args.force)
    results = []
    failed = False
    for path, name in zip(paths, formats, strict=True):
        if path.is_dir():
            raise UsageError(f"{path} is a folder: name the files to import")
        try:
            data = read_regular(path)  # never a FIFO, a device or gigabytes
        except OSError as exc:
            print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
            failed = True
            continue
        result = FORMATS[name].read()(data, str(path))
        if result.error:
            print(f"{path}: {result.error}", file=sys.stderr)
            failed = True
        results.append(result)
    title = args.title or paths[0].stem.replace("_", " ").replace("-", " ").strip() or bank_id
    built = build(results, bank_id, title)
    for skipped in built.skipped:
        print(_printable(skipped.format()), file=sys.stderr)
    imported = len(built.data["questions"])
    summary = (
        f"{plural(imported, 'question')} imported, {len(built.skipped)} not imported, "
        f"{len(built.notes)} converted with a comment"
    )
    if not imported:
        print(f"casequiz: nothing to import ({summary})", file=sys.stderr)
        return 1
    text = _bank_text(built, paths, formats)
    code = _write_checked(text, out)
    print(f"{out or 'standard output'}: {summary}", file=sys.stderr)
    return 1 if failed or built.skipped or code else 0


def _bank_text(built: Any, paths: list[Path], formats: list[str]) -> str:
    from casequiz.bank.model import Bank
    from casequiz.interop.yamlout import bank_yaml

    bank = Bank.model_validate(built.data)
    names = ", ".join(f"{p.name} ({f})" for p, f in zip(paths, formats, strict=True))
    header = [f"Imported from {names} by casequiz bank import."]
    if built.notes:
        header.append("Comments above a question say what was converted or dropped.")
    return bank_yaml(bank, built.notes, header)


def _write_checked(text: str, out: Path | None) -> int:
    """Write the bank and check it as `casequiz validate` does; 1 if the check finds errors."""
    from casequiz.bank.load import check_file
    from casequiz.cli.common import print_diagnostics
    from casequiz.cli.export import write_bytes

    if out is None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "imported.yaml"
            path.write_text(text, encoding="utf-8")
            errors = check_file(path, use_cache=False, display="<output>").errors
        sys.stdout.write(text)
    else:
        write_bytes(text.encode("utf-8"), out)
        errors = check_file(out, use_cache=False).errors
    print_diagnostics(errors)
    return 1 if errors else 0


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


BINARY = frozenset({"anki", "qti"})
"""Formats whose files are zip archives, not text."""


def _writer_options(args: argparse.Namespace, name: str) -> dict[str, Any]:
    """What the chosen writer is told beyond the banks; options of another format refused."""
    if args.subdecks and name != "anki":
        raise UsageError("--subdecks applies to --to anki")
    if name in BINARY and not args.output and sys.stdout.isatty():
        raise UsageError(f"{name} writes a zip file, not for a terminal: write it with -o FILE")
    return {"subdecks": True} if args.subdecks else {}


def run_export(args: argparse.Namespace) -> int:
    from casequiz.interop.formats import FORMATS, by_extension, writable

    paths = existing_paths(args.paths)
    name = args.target_format
    if name is None and args.output:
        found = by_extension(args.output, writable())
        name = found.name if found else None
    if name is None:
        raise UsageError("say which format: --to " + " or --to ".join(writable()))
    options = _writer_options(args, name)
    from casequiz.bank.diagnostics import BankError
    from casequiz.bank.load import load_banks
    from casequiz.cli.common import print_diagnostics

    try:
        banks = [loaded.bank for loaded in load_banks(paths)]
    except BankError as exc:
        print_diagnostics(exc.diagnostics)
        return 1
    if not banks:
        print("casequiz: no bank files (*.yaml, *.yml) found", file=sys.stderr)
        return 1
    result = FORMATS[name].write()(banks, **options)
    for note in result.notes:
        print(_printable(note), file=sys.stderr)
    if args.output:
        from casequiz.cli.export import write_bytes

        write_bytes(result.data, Path(args.output))
        print(
            f"{args.output}: {plural(result.questions, 'question')} written as {name}",
            file=sys.stderr,
        )
    elif sys.stdout.isatty():  # text (a zip was refused): its control characters made visible
        from casequiz.cli.export import write_output

        write_output(result.data.decode("utf-8", "backslashreplace"), None)
    else:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    return 0
