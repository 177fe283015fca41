"""`bank.pathnames` writes, resolves and compares names exactly as `pathlib` does.

`validate` names its files by text so as not to import `pathlib`, and every name it shows (in a
diagnostic, a warning about a missing text) and every file it opens must be the one `Path` gave.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casequiz.bank import pathnames
from casequiz.bank.sources import _drive_absolute, _last_part, unsafe_reason

POSIX = os.sep == "/"
posix_only = pytest.mark.skipif(not POSIX, reason="the POSIX rules; elsewhere pathlib decides")


# Names made of the parts that matter: separators, dots, a colon, a backslash, a letter.
def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=12).map("".join)


names = _joined(["/", ".", "..", "a", "b", ":", "\\", " ", "~", "C"])


@posix_only
@given(st.lists(names, min_size=1, max_size=4))
def test_a_name_is_written_as_path_writes_it(segments: list[str]) -> None:
    assert pathnames.pathname(*segments) == str(Path(*segments))


@posix_only
@given(names)
def test_a_parent_is_paths_parent(name: str) -> None:
    written = pathnames.pathname(name)
    assert pathnames.parent(written) == str(Path(name).parent)


@posix_only
@pytest.mark.parametrize(
    "name", ["/", "//", "///", "//a", "/a", "a", ".", "..", "a/..", "./a//b/", "a/./b"]
)
def test_names_pathlib_writes_its_own_way(name: str) -> None:
    assert pathnames.pathname(name) == str(Path(name))
    assert pathnames.parent(pathnames.pathname(name)) == str(Path(name).parent)


def test_a_path_is_taken_as_its_text(tmp_path: Path) -> None:
    assert pathnames.pathname(tmp_path, "x//y") == str(tmp_path / "x" / "y")


def test_resolving_follows_links_as_path_resolve_does(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    for name in ["link", "link/", "link/../link/x", "missing/x", "."]:
        joined = pathnames.pathname(tmp_path, name)
        assert pathnames.resolved(joined) == str(Path(joined).resolve())


def test_resolving_in_a_resolved_folder_is_resolving(tmp_path: Path) -> None:
    """`resolved_in` looks only at the parts of the name, and gives what `resolved` gives for
    the joined name: through links, a missing part, `..`, a file taken as a folder, a loop."""
    folder = tmp_path / "bank"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "a.txt").write_text("a", encoding="utf-8")
    (folder / "to-sources").symlink_to(folder / "sources")
    (folder / "out").symlink_to(tmp_path)
    (folder / "loop").symlink_to(folder / "loop")
    real = pathnames.resolved(folder)
    for name in [
        "sources/a.txt",
        "sources//./a.txt",
        "./sources/a.txt/",
        "to-sources/a.txt",
        "out/bank/sources/a.txt",
        "missing/a.txt",
        "sources/a.txt/b",
        "sources/../sources/a.txt",
        ".",
        "",
        "loop",
        str(folder / "sources" / "a.txt"),
    ]:
        try:
            expected: str | type[BaseException] = pathnames.resolved(pathnames.pathname(real, name))
        except (OSError, RuntimeError) as exc:
            expected = type(exc)
        try:
            found: str | type[BaseException] = pathnames.resolved_in(real, name)
        except (OSError, RuntimeError) as exc:
            found = type(exc)
        assert found == expected, name
    assert pathnames.resolved_in("/", "tmp") == pathnames.resolved("/tmp")


def test_a_loop_of_links_fails_as_path_resolve_fails(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(RuntimeError) as expected:
        (tmp_path / "loop").resolve()
    with pytest.raises(RuntimeError) as found:
        pathnames.resolved(str(tmp_path / "loop"))
    assert str(found.value) == str(expected.value)


@posix_only
@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("/a/b", "/a"),
        ("/a", "/a"),
        ("/ab", "/a"),
        ("/a", "/a/b"),
        ("/a", "/"),
        ("/", "/"),
        ("/b/a", "/a"),
    ],
)
def test_within_is_is_relative_to(name: str, folder: str) -> None:
    assert pathnames.within(name, folder) == Path(name).is_relative_to(folder)


@given(names)
def test_a_drive_makes_a_name_absolute_as_on_windows(name: str) -> None:
    if not name.startswith(("/", "\\")):
        assert _drive_absolute(name) == PureWindowsPath(name).is_absolute()


@given(names)
def test_the_last_part_is_the_posix_name(name: str) -> None:
    assert _last_part(name) == PurePosixPath(name).name


def _old_unsafe_reason(file: str, bank_dir: Path) -> str | None:
    """The check as it was written with `pathlib`, to hold the new one to it."""
    if "\x00" in file:
        return "holds a NUL character"
    if (
        PurePosixPath(file).is_absolute()
        or PureWindowsPath(file).is_absolute()
        or file.startswith(("~", "\\"))
    ):
        return "is absolute"
    if ".." in PurePosixPath(file.replace("\\", "/")).parts:
        return "climbs out of the bank's folder ('..')"
    try:
        folder = bank_dir.resolve()
        inside = (folder / file).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be looked up ({reason})"
    if not inside:
        return "leads out of the bank's folder through a link"
    return None


@pytest.fixture(scope="module")
def bank_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bank's folder with a link out of it, a link within it and a loop of links."""
    root = tmp_path_factory.mktemp("links")
    folder = root / "bank"
    (folder / "texts").mkdir(parents=True)
    (folder / "out").symlink_to(root)
    (folder / "in").symlink_to(folder / "texts")
    (folder / "a").symlink_to(folder / "a")
    return folder


@posix_only
@given(_joined(["/", ".", "..", "a", "in", "out", "texts", ":", "\\", "~", "C"]))
def test_a_source_file_is_refused_exactly_as_before(bank_folder: Path, file: str) -> None:
    assert unsafe_reason(file, str(bank_folder)) == _old_unsafe_reason(file, bank_folder)
    assert unsafe_reason(file, bank_folder) == _old_unsafe_reason(file, bank_folder)
