"""How large and how deep a bank file may be: shared by the reader and by the loader, which
checks the size before it reads a byte (and before it imports the YAML reader at all)."""

MAX_BYTES = 32 * 1024 * 1024
"""The largest bank file read. A 10,000-question bank is about 10 MB."""

MAX_DEPTH = 64
"""Banks nest four or five levels deep; anything near this is an attack or an accident."""


def too_large(size: int) -> str:
    """The message for a file of `size` bytes, over `MAX_BYTES`."""
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; banks may be at most "
        f"{MAX_BYTES // 1024 // 1024} MB: split it into several"
    )
