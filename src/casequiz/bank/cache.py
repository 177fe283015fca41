"""A cache of checked banks, so that loading a large unchanged bank again costs milliseconds.

An entry is keyed by the bank's bytes, where it stands, the `--sources` folder and the casequiz
version, and records the digest of every source text it was checked against. It is JSON (never
pickle: a cache file must not be able to run code): one header line, one line of the bank's
summary (`summary`: what reports need, read without the model) and the body (the bank), and the
header carries the digests of both. A stale, truncated or altered entry is ignored, never trusted;
a valid bank's body, written only after every check passed, is rebuilt without validating it
again, and only if it has the shape this casequiz writes (`trusted`).
"""

from __future__ import annotations

import os
from collections import namedtuple

from casequiz import __version__
from casequiz.bank.diagnostics import Diagnostic
from casequiz.bank.pathnames import parent, pathname, resolved

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from typing import Any

    from casequiz.bank.pathnames import StrPath

FORMAT = 2


def cache_dir() -> str:
    """`CASEQUIZ_CACHE_DIR`, else the user's cache directory for casequiz.

    A name, not a `Path`: a cache hit need not import `pathlib` (`bank.pathnames`).
    """
    if configured := os.environ.get("CASEQUIZ_CACHE_DIR"):
        return configured
    from platformdirs import user_cache_dir

    return os.path.join(user_cache_dir("casequiz", appauthor=False), "banks")


def digest(data: bytes) -> str:
    import hashlib  # here, as in each digest: `validate --no-cache` need not load OpenSSL

    return hashlib.sha256(data).hexdigest()


def file_digest(path: StrPath) -> str | None:
    """The digest of a file's bytes; None when it cannot be read (absent, a folder, a FIFO...)."""
    from casequiz.bank.files import read_regular

    try:
        return digest(read_regular(path))
    except OSError:
        return None


def _key_hash(bank_path: StrPath, sources_dir: StrPath | None) -> Any:
    import hashlib

    sources = resolved(sources_dir) if sources_dir else ""
    where = f"{__version__}\0{parent(resolved(bank_path))}\0{sources}\0"
    return hashlib.sha256(where.encode())


def entry_key(raw: bytes, bank_path: StrPath, sources_dir: StrPath | None) -> str:
    """The key of the entry for a bank whose bytes are `raw`."""
    key = _key_hash(bank_path, sources_dir)
    key.update(raw)  # not `where + raw`: that would copy a bank of megabytes
    return key.hexdigest()


def file_entry_key(bank_path: StrPath, sources_dir: StrPath | None) -> str:
    """`entry_key` of the bank file as it is now, read in chunks rather than whole.

    A cache hit then never holds the bank in memory: on a 10 MB bank, allocating and filling
    that copy costs as long as hashing it.
    """
    import hashlib

    with open(bank_path, "rb") as stream:
        return hashlib.file_digest(stream, lambda: _key_hash(bank_path, sources_dir)).hexdigest()


class Entry(
    namedtuple(
        "Entry",
        ("bank_id", "questions", "diagnostics", "sources", "body", "summary"),
        defaults=(None,),
    )
):
    """What a check of a bank found: its diagnostics and, for a valid bank, the bank as JSON."""

    __slots__ = ()

    bank_id: str | None
    questions: int
    diagnostics: list[Diagnostic]
    sources: dict[str, list[str | None]]
    """Source id -> [path its text was looked for at, digest of that text or None if absent]."""
    body: bytes | None
    summary: bytes | None
    """The bank's summary (`summary.summary_data`) as one line of JSON."""


def read(
    key: str, display_name: str, *, with_body: bool = True, with_summary: bool = False
) -> Entry | None:
    """The entry for `key`, if present, whole and still current; else None.

    Without `with_body` only the header line is read and checked (and the summary line with
    `with_summary`): a check that needs no bank (`validate`) then skips reading and hashing a
    body as large as the bank, and a report that needs only the summary skips the body.
    """
    path = os.path.join(cache_dir(), f"{key}.json")
    try:
        with open(path, "rb") as stream:
            header_line = stream.readline()
            summary = stream.readline() if with_body or with_summary else b""
            body = stream.read() if with_body else b""
    except OSError:
        return None
    try:
        import json  # here: `validate --no-cache` imports this module, and needs no JSON

        header: dict[str, Any] = json.loads(header_line)
        if header.get("format") != FORMAT or header.get("key") != key:
            return None
        if not header_line.endswith(b"\n"):
            return None
        if with_body or with_summary:
            if not summary.endswith(b"\n"):
                return None
            summary = summary[:-1]
            if header.get("summary") != (digest(summary) if summary else None):
                return None
        if with_body and header.get("body") != (digest(body) if body else None):
            return None
        sources: dict[str, list[str | None]] = header["sources"]
        for source_path, source_digest in sources.values():
            if file_digest(pathname(str(source_path))) != source_digest:
                return None
        diagnostics = [
            Diagnostic.from_json({**d, "file": display_name}) for d in header["diagnostics"]
        ]
        return Entry(
            header["bank_id"],
            int(header["questions"]),
            diagnostics,
            sources,
            body or None,
            summary or None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(key: str, entry: Entry) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not used."""
    header = {
        "format": FORMAT,
        "key": key,
        "bank_id": entry.bank_id,
        "questions": entry.questions,
        "sources": entry.sources,
        "diagnostics": [d.to_json() for d in entry.diagnostics],
        "body": digest(entry.body) if entry.body else None,
        "summary": digest(entry.summary) if entry.summary else None,
    }
    import json
    import tempfile

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as out:
            lines = (json.dumps(header).encode(), entry.summary or b"", entry.body or b"")
            out.write(b"\n".join(lines))
        os.replace(out.name, os.path.join(folder, f"{key}.json"))
    except OSError:
        import contextlib  # here: a cache hit never writes, and need not import it

        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(out.name)
