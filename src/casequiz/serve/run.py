"""Running the exam server until Ctrl+C, with the teacher's live table in the terminal."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from rich.console import Console
from rich.live import Live
from rich.logging import RichHandler

from casequiz.bank.load import LoadedBank
from casequiz.serve import live
from casequiz.serve.overdue import SWEEP_EVERY_S, close_overdue
from casequiz.serve.sitting import Settings
from casequiz.serve.web import ExamServer

TLS_WARNING = (
    "This server speaks plain HTTP: on a network other than this machine, put it behind a "
    "reverse proxy with TLS (docs/serving.md shows Caddy and nginx) and pass --public-url."
)


async def serve(
    server: ExamServer,
    settings: Settings,
    store: Any,
    host: str,
    port: int,
    console: Console,
    banks: Sequence[LoadedBank] = (),
) -> None:
    runner = web.AppRunner(server.application(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise SystemExit(
            f"casequiz: error: cannot listen on {host}:{port} ({exc.strerror})"
        ) from None
    shown = host if ":" not in host else f"[{host}]"
    address = server.public_url or f"http://{shown}:{port}/"
    console.print(f"Serving {server.title!r} at {address}", markup=False, highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1") and not server.public_url:
        console.print(TLS_WARNING, style="yellow", markup=False, highlight=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    started = time.monotonic()

    sweeping = asyncio.create_task(_close_overdue_until(stop, server, settings, store, banks))

    def table() -> Any:
        rows = live.rows(store, settings, server.codes, set(server.connected))
        return live.render(server.title, rows, address, started)

    try:
        if console.is_terminal:
            with Live(table(), console=console, refresh_per_second=2) as view:
                while not stop.is_set():
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(stop.wait(), 1.0)
                    view.update(table())
        else:
            await stop.wait()
    finally:
        stop.set()
        await sweeping
        console.print("Stopping: every answer given is in the store.", markup=False)
        await runner.cleanup()


async def _close_overdue_until(
    stop: asyncio.Event,
    server: ExamServer,
    settings: Settings,
    store: Any,
    banks: Sequence[LoadedBank],
) -> None:
    """Every few seconds, finish the exams whose time ran out while their student was away."""
    if settings.mode != "exam" or settings.time_limit is None or not banks:
        return
    while not stop.is_set():
        for name in close_overdue(store, settings, banks, set(server.connected)):
            logging.getLogger("casequiz.serve").info("%s: time is up, the exam is closed", name)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), SWEEP_EVERY_S)


def run(
    server: ExamServer,
    settings: Settings,
    store: Any,
    host: str,
    port: int,
    banks: Sequence[LoadedBank] = (),
) -> int:
    console = Console(stderr=False)
    logging.basicConfig(
        level=logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, markup=False)],
    )
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    try:
        asyncio.run(serve(server, settings, store, host, port, console, banks))
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def in_thread(make_app: Any, host: str = "127.0.0.1") -> tuple[int, Any]:
    """Serve an aiohttp application from a thread of its own on a free port, for a program
    that embeds the server (the tests, the benchmarks); the port, and the function that stops
    it."""
    import threading

    loop = asyncio.new_event_loop()
    ready = threading.Event()
    held: dict[str, Any] = {}

    async def begin() -> None:
        app = make_app()
        if asyncio.iscoroutine(app):
            app = await app
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, 0).start()
        held["runner"], held["port"] = runner, runner.addresses[0][1]

    def main() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(begin())
        finally:
            ready.set()
        loop.run_forever()

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    ready.wait(60)
    if "port" not in held:
        raise RuntimeError("the server did not start")

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(held["runner"].cleanup(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)

    return int(held["port"]), stop
