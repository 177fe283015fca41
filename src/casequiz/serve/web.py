"""The exam server: textual-serve's app process per websocket, behind a code, an Origin check
and a cap on sessions.

textual-serve has no authentication hook, so this server makes its own aiohttp application:
the code page and the `/ws` handshake are its own handlers, and textual-serve's `AppService`
runs the app process with the student's identity in its environment. An app process starts
only for a websocket that carries the session cookie of a code checked here, comes from this
server's own page (Origin) and finds a free seat.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from casequiz.serve.guard import Failures, Origins
from casequiz.serve.roster import Codes, Seat
from casequiz.serve.sitting import CONFIG_ENV, STUDENT_ENV

log = logging.getLogger("casequiz.serve")
HERE = Path(__file__).parent
TEXTUAL_STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's script, terminal style and fonts: served from here, never from the internet."""
COOKIE = "casequiz_session"
MAX_CELLS = 400
"""Widest and tallest terminal a browser may ask for."""
APP_COMMAND = f"{shlex.quote(sys.executable)} -m casequiz.serve.student"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def _page(name: str, **values: str) -> str:
    return Template((HERE / "templates" / name).read_text("utf-8")).substitute(values)


def _size(value: str, default: int) -> int:
    try:
        return min(max(int(value), 10), MAX_CELLS)
    except ValueError:
        return default


class StudentService(AppService):
    """textual-serve's app process, with the student named in its environment by the server."""

    def __init__(self, command: str, *, identity: dict[str, str], **options: Any) -> None:
        super().__init__(command, **options)
        self.identity = identity

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.identity)
        return environment

    async def stop(self) -> None:
        """Stop the app and wait for its process, so none outlives the server's event loop."""
        await super().stop()
        process = self._process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


@dataclass
class Connection:
    """A connected student: their websocket and the app process behind it."""

    seat: Seat
    websocket: web.WebSocketResponse
    since: float
    service: AppService | None = None
    replaced: bool = False
    """A newer connection of the same student takes over; this one starts no app process."""
    done: asyncio.Event = field(default_factory=asyncio.Event)


class ExamServer:
    """The sitting's web server; `application()` is the aiohttp app to run."""

    def __init__(
        self,
        codes: Codes,
        settings_path: Path,
        *,
        host: str = "127.0.0.1",
        public_url: str | None = None,
        max_sessions: int | None = None,
        title: str = "casequiz exam",
        command: str = APP_COMMAND,
        failures: Failures | None = None,
    ) -> None:
        self.codes = codes
        self.settings_path = settings_path
        self.origins = Origins(host, public_url)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.max_sessions = max_sessions
        self.title = title
        self.command = command
        self.failures = failures or Failures()
        self.sessions: dict[str, Seat] = {}
        """Session cookie → seat; a server restart forgets them (the code is typed again)."""
        self.connected: dict[str, Connection] = {}
        """Student name → their live connection: one app process per student at most."""
        self.processes_started = 0
        self.finished_seats: set[str] = set()
        self.download_manager = DownloadManager()
        self.listeners: list[Callable[[], Awaitable[None] | None]] = []

    # -- the application ----------------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=16 * 1024)
        app.add_routes(
            [
                web.get("/", self.index),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/ws", self.websocket),
                web.static("/assets", HERE / "static"),
                web.static("/static", TEXTUAL_STATIC),
            ]
        )
        app.on_shutdown.append(self._close_all)
        return app

    def _local(self, request: web.Request) -> tuple[str, int]:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        if not sockname:
            return "127.0.0.1", 0
        return str(sockname[0]), int(sockname[1])

    def origin_ok(self, request: web.Request) -> bool:
        origin = (request.headers.get("Origin") or "").lower().rstrip("/")
        return origin in self.origins.allowed(*self._local(request))

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Refuse a Host this server is not; give every answer headers that keep it private."""
        host = (request.headers.get("Host") or "").lower()
        if host not in self.origins.hosts(*self._local(request)):
            return self._message(403, "Wrong address", "This server does not answer to that name.")
        response: web.StreamResponse = await handler(request)
        if not isinstance(response, web.WebSocketResponse):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Referrer-Policy"] = (
                "same-origin"  # "no-referrer" makes a POST's Origin "null"
            )
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _message(self, status: int, title: str, text: str, **headers: str) -> web.Response:
        body = f'<p>{html.escape(text)}</p>\n<p><a href="/">Try again</a></p>'
        page = _page("page.html", title=html.escape(title), body=body)
        return web.Response(status=status, text=page, content_type="text/html", headers=headers)

    def seat_of(self, request: web.Request) -> Seat | None:
        token = request.cookies.get(COOKIE, "")
        return self.sessions.get(token) if token else None

    def seats_full(self, seat: Seat) -> bool:
        if self.max_sessions is None or seat.student.name in self.connected:
            return False
        return len(self.connected) >= self.max_sessions

    def _full_text(self) -> str:
        return (
            f"All {self.max_sessions} places are taken. Wait for a classmate to finish, "
            "then reload this page."
        )

    # -- pages --------------------------------------------------------------------------------

    def _code_page(self, status: int = 200, error: str = "") -> web.Response:
        message = f'<p class="error">{html.escape(error)}</p>' if error else ""
        form = _page("code-form.html", message=message)
        page = _page("page.html", title=html.escape(self.title), body=form)
        return web.Response(status=status, text=page, content_type="text/html")

    async def index(self, request: web.Request) -> web.Response:
        seat = self.seat_of(request)
        if seat is None:
            return self._code_page()
        if self.seats_full(seat):
            return self._message(
                503, "The exam is full", self._full_text(), **{"Retry-After": "30"}
            )
        body = _page(
            "terminal.html",
            title=html.escape(f"{self.title}: {seat.student.name}"),
            websocket=html.escape(self._websocket_url(request)),
        )
        return web.Response(text=body, content_type="text/html")

    def _websocket_url(self, request: web.Request) -> str:
        if self.public_url:
            scheme, rest = self.public_url.split("://", 1)
            return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/ws"
        return f"ws://{request.host}/ws"

    async def login(self, request: web.Request) -> web.Response:
        if not self.origin_ok(request):
            return self._message(403, "Refused", "The code must be typed on this server's page.")
        sender = request.remote or "?"
        wait = self.failures.blocked(sender)
        if wait > 0:
            return self._message(
                429,
                "Too many wrong codes",
                f"Wait {int(wait) + 1} seconds, then type your code again.",
                **{"Retry-After": str(int(wait) + 1)},
            )
        form = await request.post()
        typed = form.get("code")
        seat = self.codes.check(typed) if isinstance(typed, str) else None
        if seat is None:
            self.failures.failed(sender)
            log.info("a wrong code from %s", sender)
            return self._code_page(401, "That code is not right. Check it and type it again.")
        token = secrets.token_urlsafe(32)
        self.sessions[token] = seat
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=bool(self.public_url and self.public_url.startswith("https")),
            path="/",
        )
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        if not self.origin_ok(request):
            return self._message(403, "Refused", "Not from this server's page.")
        self.sessions.pop(request.cookies.get(COOKIE, ""), None)
        response = web.HTTPSeeOther("/")
        response.del_cookie(COOKIE, path="/")
        raise response

    # -- the websocket ------------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.origin_ok(request):
            log.warning(
                "a websocket from a foreign origin refused: %r", request.headers.get("Origin")
            )
            raise web.HTTPForbidden(text="This websocket is for this server's own page only.\n")
        seat = self.seat_of(request)
        if seat is None:
            raise web.HTTPUnauthorized(text="Type your access code first.\n")
        name = seat.student.name
        previous = self.connected.get(name)
        if previous is None and self.seats_full(seat):
            raise web.HTTPServiceUnavailable(text=self._full_text() + "\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        connection = Connection(seat, websocket, asyncio.get_running_loop().time())
        self.connected[name] = connection  # the seat is taken before anything is awaited
        try:
            if previous is not None:  # the same student again (a reload, another computer)
                previous.replaced = True
                if previous.websocket.prepared:
                    await previous.websocket.close()
                await previous.done.wait()
            if connection.replaced:  # a newer connection of the same student came meanwhile
                raise web.HTTPConflict(text="This exam was opened again elsewhere.\n")
            await websocket.prepare(request)
            await self._run_app(request, connection)
        finally:
            if self.connected.get(name) is connection:
                del self.connected[name]
            connection.done.set()
            self._changed()
        return websocket

    async def _run_app(self, request: web.Request, connection: Connection) -> None:
        websocket = connection.websocket
        service = StudentService(
            self.command,
            identity={
                CONFIG_ENV: str(self.settings_path),
                STUDENT_ENV: connection.seat.student.name,
            },
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        connection.service = service
        self.processes_started += 1
        self._changed()
        try:
            await service.start(
                _size(request.query.get("width", ""), 80),
                _size(request.query.get("height", ""), 24),
            )
            try:
                await self._relay(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("the app process of %s failed", connection.seat.student.name)

    @staticmethod
    async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
        """Keys and sizes from the browser to the app process; anything malformed is dropped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError, RecursionError):
                continue  # RecursionError: 64 kB of `[` nests deeper than json can read
            if kind == "stdin" and isinstance(data, str):
                try:
                    keys = data.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate (`"\ud800"`) is valid JSON
                    continue
                await service.send_bytes(keys)
            elif kind == "resize" and isinstance(data, dict):
                width, height = data.get("width"), data.get("height")
                if isinstance(width, int) and isinstance(height, int):
                    await service.set_terminal_size(
                        min(max(width, 10), MAX_CELLS), min(max(height, 5), MAX_CELLS)
                    )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()

    async def _close_all(self, _: web.Application) -> None:
        connections = list(self.connected.values())
        for connection in connections:
            if connection.websocket.prepared:
                await connection.websocket.close()
        for connection in connections:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(connection.done.wait(), 15)
