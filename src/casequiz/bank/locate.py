"""Finding the banks an attempt was taken on, by id and content hash, never by trust in a path.

A result file may record any text as a bank's path (a file on the student's machine, `/dev/zero`,
300 characters), so a recorded path is only a place to look first: a bank counts when it loads
and has the wanted id, and callers that need the very version an attempt was drawn from compare
its content hash too. `stats`, `export`, `casequiz history` and the TUI's History screen all look
the same way, so they agree on which bank an attempt belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casequiz.bank.discover import default_dirs
from casequiz.bank.load import LoadedBank, check_file, find_bank_files

if TYPE_CHECKING:
    from casequiz.bank.summary import BankSummary

__all__ = ["locate_banks", "locate_summaries"]


def locate_banks(
    wanted: Iterable[tuple[str, str | None]],
    paths: Sequence[Path] = (),
    invalid: dict[str, str] | None = None,
    *,
    sources_dir: Path | None = None,
) -> list[LoadedBank]:
    """The valid banks with the ids `wanted` names (pairs of bank id and recorded path): at
    the recorded paths and in `paths`, then, for any still missing and when no `paths` are
    given, in the default folders. A recorded bank file that does not load is put in `invalid`
    (bank id -> path)."""
    return _locate(wanted, paths, invalid, sources_dir, summaries=False)


def locate_summaries(
    wanted: Iterable[tuple[str, str | None]],
    paths: Sequence[Path] = (),
    invalid: dict[str, str] | None = None,
    *,
    sources_dir: Path | None = None,
) -> list[BankSummary]:
    """`locate_banks`, giving each bank's summary (`summary.BankSummary`): from the cache,
    without building the model."""
    return _locate(wanted, paths, invalid, sources_dir, summaries=True)


def _locate(
    wanted: Iterable[tuple[str, str | None]],
    paths: Sequence[Path],
    invalid: dict[str, str] | None,
    sources_dir: Path | None,
    *,
    summaries: bool,
) -> Any:
    wanted = list(wanted)
    ids = {bank_id for bank_id, _ in wanted}
    if not ids:
        return []
    recorded = {Path(path): bank_id for bank_id, path in wanted if path}
    loaded: list[Any] = []
    found_ids: set[str] = set()
    seen: set[Path] = set()
    failed: dict[str, str] = {}

    def look(places: Sequence[Path]) -> None:
        for path in find_bank_files(places):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            result = check_file(
                path, need_bank=not summaries, need_summary=summaries, sources_dir=sources_dir
            )
            found = result.summary if summaries else result.loaded
            bank_id = None if found is None else found.id if summaries else found.bank.id
            if found is not None and bank_id in ids:
                loaded.append(found)
                found_ids.add(bank_id)
            elif found is None and path in recorded:
                failed.setdefault(recorded[path], str(path))

    look([p for p in recorded if _is_file(p)] + list(paths))
    if not paths and ids - found_ids:
        look(default_dirs())  # only for banks not found where they were taken
    if invalid is not None:
        invalid.update({b: p for b, p in failed.items() if b not in found_ids})
    return loaded


def _is_file(path: Path) -> bool:
    """Whether a recorded bank path names a file; False for any path the system refuses (too
    long, a NUL byte, a loop), since a result file may record any text as its bank's path."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
