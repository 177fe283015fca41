"""A simulated student: the code typed, the websocket opened, keys sent, the screen read."""

from __future__ import annotations

import asyncio
import re

import aiohttp

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
PROMPTS = {
    "Phnom Penh is the capital": "capital",
    "covers arms": "arms",
    "withdrew part of the preferences": "withdrawn",
}


class Student:
    def __init__(self, url: str, origin: str) -> None:
        self.url = url
        self.origin = origin
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.screen = ""

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.session.close()

    async def login(self, code: str) -> int:
        response = await self.session.post(
            self.url + "login",
            data={"code": code},
            headers={"Origin": self.origin},
            allow_redirects=False,
        )
        return response.status

    async def connect(self, origin: str | None = None) -> None:
        self.screen = ""
        self.ws = await self.session.ws_connect(
            self.url + "ws?width=100&height=30", headers={"Origin": origin or self.origin}
        )

    async def wait_for(self, *texts: str, timeout: float = 120) -> str:
        """Read the screen until one of `texts` shows; returns the one that did."""
        assert self.ws is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for text in texts:
                if text in self.screen:
                    return text
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"none of {texts} on the screen:\n{self.screen[-2000:]}")
            message = await self.ws.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += ANSI.sub(b"", message.data).decode("utf-8", "replace")
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"the session closed; the screen was:\n{self.screen[-2000:]}")

    async def question(self, after: str | None = None) -> str:
        """The id of the question on the screen (waiting for one other than `after`)."""
        shown = await self.wait_for(*(p for p, key in PROMPTS.items() if key != after))
        return PROMPTS[shown]

    async def answer(self, question: str, key: str, *, last: bool = False) -> str | None:
        """Answer the question on the screen; the next question's id (None after the last)."""
        await self.press(key, "\r")
        if last:
            await self.wait_for("Finish the exam?")
            return None
        return await self.question(after=question)

    async def press(self, *keys: str) -> None:
        assert self.ws is not None
        self.screen = ""
        for key in keys:
            await self.ws.send_json(["stdin", key])
