"""Benchmark rows for the exam server, each a ratio to a bare textual-serve session in this run.

1. Code to first question: from posting a student's access code to the first question's text
   arriving on the websocket ÷ from opening a bare textual-serve websocket (no code, no store)
   to a minimal Textual app's one `Static` arriving. The median of several sessions of each.
   Reported, with both figures in seconds.
2. Memory per connected student: the resident memory (RSS) of the app process behind one
   connected student ÷ that of the minimal app behind the bare session. Reported, with both
   figures in MB.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TIME_LABEL = "serve: access code to first question ÷ bare textual-serve to a minimal app's screen"
TIME_TARGET = "report"
MEMORY_LABEL = "serve: RSS of a connected student's app process ÷ a minimal Textual app's"

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
BANK = """casequiz: 1
id: bench
title: Benchmark
questions:
  - {id: q1, type: true_false, topic: T, prompt: Phnom Penh is the capital., answer: true}
  - {id: q2, type: true_false, topic: T, prompt: Phnom Penh is the capital!, answer: true}
"""
MINIMAL = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Minimal(App):
    def compose(self) -> ComposeResult:
        yield Static("Phnom Penh is the capital.")

Minimal().run()
"""


def _serve_in_thread(make_app: Any) -> tuple[str, Any]:
    from casequiz.serve.run import in_thread

    port, stop = in_thread(make_app)
    return f"http://127.0.0.1:{port}/", stop


def _descendants_rss() -> float:
    """MB of resident memory of every process below this one (the session's app process)."""
    total = 0
    pids = [os.getpid()]
    seen: set[int] = set()
    while pids:
        pid = pids.pop()
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child in seen:
                    continue
                seen.add(child)
                pids.append(child)
                try:
                    status = Path(f"/proc/{child}/status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmRSS:\s+(\d+) kB", status)
                if found:
                    total += int(found.group(1))
    return total / 1024


async def _session(url: str, code: str | None) -> tuple[float, float]:
    """Seconds to the text on screen, and the MB of the app process while connected."""
    import aiohttp

    origin = url.rstrip("/")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        start = time.perf_counter()
        if code is not None:
            await session.post(url + "login", data={"code": code}, headers={"Origin": origin})
        async with session.ws_connect(
            url + "ws?width=80&height=24", headers={"Origin": origin}
        ) as ws:
            screen = b""
            while b"Phnom Penh is the capital" not in ANSI.sub(b"", screen):
                message = await ws.receive(timeout=120)
                if message.type != aiohttp.WSMsgType.BINARY:
                    raise RuntimeError(f"the session ended: {message.type}")
                screen += message.data
            elapsed = time.perf_counter() - start
            await asyncio.sleep(0.5)
            return elapsed, _descendants_rss()


def _exam_server(folder: Path, students: int) -> tuple[Any, Any]:
    from casequiz.serve.roster import load_codes
    from casequiz.serve.sitting import Settings
    from casequiz.serve.web import ExamServer

    (folder / "bench.yaml").write_text(BANK, "utf-8")
    roster = folder / "roster.csv"
    roster.write_text("name\n" + "".join(f"S{n}\n" for n in range(students)), "utf-8")
    codes = load_codes(roster)
    settings = Settings(
        banks=[str(folder / "bench.yaml")], store=str(folder / "s.db"), sitting=codes.sitting
    )
    settings.write(folder / "settings.json")
    return ExamServer(codes, folder / "settings.json"), codes


def rows(quick: bool) -> list[tuple[str, float, str]]:
    from rich.console import Console
    from textual_serve.server import Server

    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ.setdefault("CASEQUIZ_CACHE_DIR", str(folder / "cache"))
        server, codes = _exam_server(folder, runs)
        url, stop = _serve_in_thread(server.application)
        try:
            served = [asyncio.run(_session(url, seat.code)) for seat in codes.seats]
        finally:
            stop()
        (folder / "minimal.py").write_text(MINIMAL, "utf-8")
        bare = Server(f"{shlex.quote(sys.executable)} {shlex.quote(str(folder / 'minimal.py'))}")
        bare.console = Console(file=io.StringIO())  # its banner is not the benchmark's output
        url, stop = _serve_in_thread(bare._make_app)
        try:
            baseline = [asyncio.run(_session(url, None)) for _ in range(runs)]
        finally:
            stop()
    served_s = statistics.median(t for t, _ in served)
    bare_s = statistics.median(t for t, _ in baseline)
    served_mb = statistics.median(m for _, m in served)
    bare_mb = statistics.median(m for _, m in baseline)
    return [
        (f"{TIME_LABEL} ({served_s:.2f} s vs {bare_s:.2f} s)", served_s / bare_s, TIME_TARGET),
        (f"{MEMORY_LABEL} ({served_mb:.0f} MB vs {bare_mb:.0f} MB)", served_mb / bare_mb, "report"),
    ]
