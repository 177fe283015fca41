"""What the terminal UI remembers between sessions: the name last used to start an attempt.

A small JSON file in the user's config folder (`$CASEQUIZ_CONFIG_DIR`, else the platform's,
such as `~/.config/casequiz`). It only saves typing: a missing, unreadable or odd file is
ignored, and the login name is the starting point instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FILE = "tui.json"


def config_dir() -> Path:
    override = os.environ.get("CASEQUIZ_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("casequiz", appauthor=False))


def _read() -> dict[str, object]:
    try:
        data = json.loads((config_dir() / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_student() -> str | None:
    """The name last used, if one was saved."""
    name = _read().get("student")
    return name.strip() or None if isinstance(name, str) else None


def remember_student(name: str) -> None:
    """Save the name for next time; a folder that cannot be written is not the student's
    problem, so failing is silent."""
    data = _read()
    if data.get("student") == name:
        return
    data["student"] = name
    try:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / FILE).write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    except OSError:
        pass
