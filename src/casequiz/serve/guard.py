"""What the server checks before it does anything for a request: where it comes from, and how
many wrong codes its sender has typed.

The websocket runs an app process on the teacher's machine, so a handshake from another site's
page (a student's browser tricked into it, or a DNS name rebound to this machine) must never
reach it: the Origin must be this server's own address, the address the request came in on, or
`--public-url`. The Host header is held to the same list, so a rebound name is refused even for
pages.
"""

from __future__ import annotations

import time
from collections import deque
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("", "0.0.0.0", "::")


def _netloc(host: str, port: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port == 80 else f"{name}:{port}"


class Origins:
    """The origins (and Host headers) this server answers to."""

    def __init__(self, host: str, public_url: str | None = None) -> None:
        self.host = host
        self.public: set[str] = set()
        if public_url:
            parts = urlsplit(public_url)
            self.public.add(f"{parts.scheme}://{parts.netloc}".lower())

    def allowed(self, local_ip: str, port: int) -> set[str]:
        """`scheme://host[:port]` of every address a student may rightly use."""
        hosts = {local_ip}
        if self.host not in WILDCARD:
            hosts.add(self.host)
        if local_ip in LOOPBACK or self.host in LOOPBACK:
            hosts.update(LOOPBACK)
        own = {f"http://{_netloc(h, port)}".lower() for h in hosts}
        return own | self.public

    def hosts(self, local_ip: str, port: int) -> set[str]:
        return {origin.split("://", 1)[1] for origin in self.allowed(local_ip, port)}


class Failures:
    """Wrong codes, limited per sender and over all senders, in a sliding window.

    Behind a reverse proxy every student has the proxy's address, so the per-sender limit is a
    class's worth of typos; the overall limit keeps guessing from many addresses just as slow.
    """

    def __init__(
        self, per_sender: int = 10, overall: int = 100, window: float = 60.0, clock=time.monotonic
    ) -> None:
        self.per_sender = per_sender
        self.overall = overall
        self.window = window
        self.clock = clock
        self._by_sender: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _trim(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()

    def blocked(self, sender: str) -> float:
        """Seconds until `sender` may try again; 0 when it may now."""
        now = self.clock()
        self._trim(self._all, now)
        mine = self._by_sender.get(sender)
        if mine is not None:
            self._trim(mine, now)
            if not mine:
                del self._by_sender[sender]
                mine = None
        waits = []
        if mine is not None and len(mine) >= self.per_sender:
            waits.append(mine[0] + self.window - now)
        if len(self._all) >= self.overall:
            waits.append(self._all[0] + self.window - now)
        return max(waits, default=0.0)

    def failed(self, sender: str) -> None:
        now = self.clock()
        self._all.append(now)
        if len(self._by_sender) > 10_000:  # bounded memory under a flood of addresses
            self._by_sender.clear()
        self._by_sender.setdefault(sender, deque()).append(now)
