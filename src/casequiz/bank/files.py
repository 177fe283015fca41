"""Reading a file named by a stranger: only a regular file, never more than a bound, never a wait.

A bank names its source texts, and a student may be handed a folder holding anything: a FIFO
(opening it waits for a writer that never comes), a link to `/dev/zero` (reading it never ends),
a file of gigabytes. So the file is opened without blocking, checked to be a regular file on the
descriptor itself (no race with a file swapped after a check), and read only up to a bound.
"""

from __future__ import annotations

import os
import stat

from casequiz.bank.limits import MAX_BYTES

TYPE_CHECKING = False  # not from `typing`, which `validate` and a cache hit never import
if TYPE_CHECKING:
    from casequiz.bank.pathnames import StrPath


_CHUNK = 1 << 16
"""What a read asks for beyond the size the file had when it was opened."""


class FileProblem(OSError):
    """A file that may not be read: not a regular file, too large, or a path that names none."""

    def __str__(self) -> str:
        return str(self.strerror)


def _open(path: StrPath) -> int:
    try:
        return os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        )
    except ValueError:  # a NUL character in the path
        raise FileProblem(0, "the path holds a NUL character") from None


def read_regular(path: StrPath, limit: int = MAX_BYTES) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Raises `FileNotFoundError` and the other `OSError`s of opening it; `FileProblem` (an
    `OSError` too) for a file of the wrong kind or size.
    """
    fd = _open(path)
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise FileProblem(0, "it is a folder")
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem(0, "it is a FIFO, a device or a socket, not a regular file")
        if status.st_size > limit:
            raise FileProblem(0, too_large(status.st_size, limit))
        # As much as fstat says and a byte more, then the byte still wanted to see the end:
        # each read allocates all it asks for, and a megabyte asked for a small file is memory
        # the system maps, faults in and unmaps again (a check reads a bank's every source
        # text). Whatever the file has grown by since is read on in chunks.
        chunks: list[bytes] = []
        size = 0
        wanted = status.st_size + 1
        while chunk := os.read(
            fd, min(wanted - size if size < wanted else _CHUNK, limit + 1 - size)
        ):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grown since fstat
                raise FileProblem(0, too_large(size, limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large(size: int, limit: int) -> str:
    return f"it is {size / 1024 / 1024:.1f} MB, over the {limit // 1024 // 1024} MB limit"


def kind_problem(path: StrPath) -> str | None:
    """Why `path` is not a regular file that may be opened, or None if it is one.

    Looked up without following the path's last link twice and without raising: a name too
    long, a NUL character or a loop of links each give a reason, not an exception.
    """
    try:
        status = os.stat(path)
    except ValueError:
        return "the path holds a NUL character"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(status.st_mode):
        return "it is a folder"
    if not stat.S_ISREG(status.st_mode):
        return "it is a FIFO, a device or a socket, not a regular file"
    return None


def is_regular(path: StrPath) -> bool:
    return kind_problem(path) is None
