"""A real exam server on 127.0.0.1 (a free port), in a thread of its own, for the tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casequiz.serve.roster import Codes, load_codes
from casequiz.serve.run import in_thread
from casequiz.serve.sitting import Settings
from casequiz.serve.web import ExamServer
from casequiz.store.db import Store

DATA = Path(__file__).parent / "data"
BANK = DATA / "three.yaml"


@dataclass
class Running:
    server: ExamServer
    settings: Settings
    codes: Codes
    url: str
    store_path: Path

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def code_of(self, name: str) -> str:
        return next(seat.code for seat in self.codes.seats if seat.student.name == name)

    def store(self) -> Store:
        return Store(self.store_path)


def write_roster(folder: Path, count: int) -> Path:
    roster = folder / "roster.csv"
    lines = ["name,id"] + [f"Student {n:02d},id{n:02d}" for n in range(1, count + 1)]
    roster.write_text("\n".join(lines) + "\n", "utf-8")
    return roster


def start_server(
    folder: Path, *, students: int = 2, max_sessions: int | None = None, mode: str = "exam"
) -> tuple[Running, callable]:
    """Start a server; returns it and the function that stops it."""
    shutil.copy(BANK, folder / "three.yaml")
    roster = write_roster(folder, students)
    codes = load_codes(roster)
    store_path = folder / "casequiz.db"
    Store(store_path).close()
    settings = Settings(
        banks=[str(folder / "three.yaml")], store=str(store_path), sitting=codes.sitting, mode=mode
    )
    settings_path = folder / "settings.json"
    settings.write(settings_path)
    server = ExamServer(codes, settings_path, host="127.0.0.1", max_sessions=max_sessions)
    port, stop = in_thread(server.application)
    url = f"http://127.0.0.1:{port}/"
    return Running(server, settings, codes, url, store_path), stop


@pytest.fixture
def running(tmp_path: Path, env: Path) -> Iterator[Running]:
    served, stop = start_server(tmp_path)
    yield served
    stop()
