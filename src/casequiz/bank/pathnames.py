"""File names as `pathlib` writes and resolves them, made with `str` and `os.path` instead.

Importing `pathlib` imports `urllib.parse`, `ipaddress`, `fnmatch` and `ntpath` with it: some
3.5 ms, a tenth of what `validate` costs for a bank of a hundred questions. So the names on that
path (the banks named on the command line, their folders, their source texts) are plain text,
written exactly as `pathlib` would write them: every file name a diagnostic shows, every file
opened and every folder resolved stays what it was with `Path`.

On POSIX the rules are few (`PurePosixPath`: runs of `/` one, `.` parts dropped, `..` kept, two
leading slashes kept as POSIX allows). Elsewhere, where drives and two separators make them
many, `pathlib` itself is asked. `tests/test_pathnames.py` holds each function to `pathlib`.
"""

from __future__ import annotations

import os
from stat import S_ISLNK

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    StrPath = str | os.PathLike[str]

_POSIX = os.sep == "/" and os.altsep is None
"""Whether names follow `PurePosixPath`'s rules here; if not, `pathlib` does the work."""


def pathname(*segments: StrPath) -> str:
    """`str(Path(*segments))`: the segments joined (one that starts with `/` starts over) and
    written as `pathlib` writes a name."""
    if not _POSIX:
        from pathlib import Path

        return str(Path(*segments))
    root = ""
    parts: list[str] = []
    for segment in map(os.fspath, segments):
        if segment.startswith("/"):
            rest = segment.lstrip("/")
            root = "//" if len(segment) - len(rest) == 2 else "/"
            parts = []
            segment = rest
        parts.extend(part for part in segment.split("/") if part and part != ".")
    return root + "/".join(parts) or "."


def parent(name: str) -> str:
    """`str(Path(name).parent)` for a name as `pathname` writes it."""
    if not _POSIX:
        from pathlib import Path

        return str(Path(name).parent)
    return os.path.dirname(name) or "."


def resolved(name: StrPath) -> str:
    """`str(Path(name).resolve())`: absolute, every link followed, raising what it raises.

    `Path.resolve` is `os.path.realpath` followed by a look at the result, which turns a loop of
    links into a `RuntimeError` of its own; when that look fails (a loop, a name that is not
    there), `pathlib` is asked after all, so that the outcome is its own.
    """
    if not _POSIX:
        from pathlib import Path

        return str(Path(name).resolve())
    real = os.path.realpath(name)
    try:
        os.stat(real)
    except OSError:
        from pathlib import Path

        return str(Path(name).resolve())
    return real


def resolved_in(folder: str, name: StrPath) -> str:
    """`resolved(pathname(folder, name))` for a `folder` that `resolved` gave: only the parts of
    `name` are looked at, not the folder's again (a bank's every source text is named from its
    folder). A part that is a link or `..`, or that cannot be looked at, leaves it to `resolved`.
    """
    if not _POSIX:
        return resolved(pathname(folder, name))
    text = os.fspath(name)
    if text.startswith("/"):
        return resolved(pathname(folder, name))
    path = folder.rstrip("/")  # empty for the root
    for part in text.split("/"):
        if not part or part == ".":
            continue
        if part == "..":
            return resolved(pathname(folder, name))
        path = f"{path}/{part}"
        try:
            if S_ISLNK(os.lstat(path).st_mode):
                return resolved(pathname(folder, name))
        except (OSError, ValueError):
            return resolved(pathname(folder, name))
    return path or "/"


def within(name: str, folder: str) -> bool:
    """`Path(name).is_relative_to(folder)`, for two names `resolved` gave (on POSIX they start
    with one `/` and do not end with one, but for the root)."""
    if not _POSIX:
        from pathlib import Path

        return Path(name).is_relative_to(folder)
    return name == folder or name.startswith(folder.rstrip("/") + "/")
