"""`casequiz [BANK|DIR...]` with no command: the TUI's home screen on those banks, else the
default ones (`./questions`, else the bundled banks)."""

from __future__ import annotations

import argparse

from casequiz.cli.common import require_terminal
from casequiz.cli.taking import bank_paths, first_screen, open_store


def run_home(args: argparse.Namespace) -> int:
    require_terminal("for pipes, scripts and screen readers use `casequiz practice --plain`")
    with first_screen():
        from casequiz.tui.app import run_home as run_tui_home

        paths = bank_paths(getattr(args, "home_paths", None) or [])
        with open_store(args) as store:
            return run_tui_home(paths, store)
