"""Where banks are found when none are named: `./questions`, else the bundled banks."""

from __future__ import annotations

from pathlib import Path

import casequiz


def bundled_dir() -> Path:
    """The bundled banks: inside the installed package, or the checkout's `questions/`."""
    package = Path(casequiz.__file__).resolve().parent
    installed = package / "questions"
    if installed.is_dir():
        return installed
    return package.parents[1] / "questions"


def default_dirs(cwd: Path | None = None) -> list[Path]:
    """`./questions` if it holds any bank, else the bundled banks."""
    local = (cwd or Path.cwd()) / "questions"
    if local.is_dir() and any(p.suffix in (".yaml", ".yml") for p in local.rglob("*")):
        return [local]
    return [bundled_dir()]
