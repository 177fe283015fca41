"""Reading a bank's files and checking its excerpts: every byte read, and the same problems
whether a source's text is kept for a loaded bank or let go once its excerpts are checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casequiz.bank import files
from casequiz.bank.files import FileProblem, read_regular
from casequiz.bank.sources import check_texts


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 300_001])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path = tmp_path / "text.txt"
    path.write_bytes(data)
    assert read_regular(path) == data
    assert read_regular(str(path)) == data


def _shrunk_fstat(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """`os.fstat` as if the file had `size` bytes when opened (it has grown since)."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        status = list(real(fd))
        status[6] = size  # st_size
        return os.stat_result(status)

    monkeypatch.setattr(files.os, "fstat", fstat)


def test_a_file_grown_since_it_was_opened_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"x" * 200_000
    path = tmp_path / "text.txt"
    path.write_bytes(data)
    _shrunk_fstat(monkeypatch, 10)
    assert read_regular(path) == data


def test_a_file_grown_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(b"x" * 100_000)
    _shrunk_fstat(monkeypatch, 10)
    with pytest.raises(FileProblem, match="over the"):
        read_regular(path, limit=70_000)


def test_the_excerpts_problems_do_not_depend_on_keeping_the_texts(tmp_path: Path) -> None:
    """Checked source by source, the problems still come in the order of the excerpts."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"The text of {name}, as\nwritten.\n", "utf-8")
    sources: dict[str, str | None] = {"c": "c.txt", "a": "a.txt", "b": "b.txt", "d": "d.txt"}
    excerpts = [
        (0, 0, "b", "not in b"),
        (1, 0, "a", "The text of a, as written."),
        (2, 0, "c", "not in c"),
        (3, 0, "a", "not in a"),
        (3, 1, "d", "no text"),
        (4, 0, "b", "also not in b"),
    ]
    kept = check_texts(sources, excerpts, tmp_path, None)
    dropped = check_texts(sources, excerpts, tmp_path, None, keep_texts=False)
    assert dropped.problems == kept.problems
    assert [p.path for p in kept.problems if p.code == "E402"] == [
        ("questions", 0, "source", 0, "quote"),
        ("questions", 2, "source", 0, "quote"),
        ("questions", 3, "source", 0, "quote"),
        ("questions", 4, "source", 0, "quote"),
    ]
    assert set(kept.texts) == {"a", "b", "c"}
    assert dropped.texts == {}
    assert dropped.files == kept.files
