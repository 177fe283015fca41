"""What a browser sends over the websocket is untrusted: a message the relay cannot use is
dropped, and the student's app process goes on with the next one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import WSMsgType

from casequiz.serve.web import ExamServer


class Browser:
    """A websocket that delivers these text messages, then closes."""

    def __init__(self, *texts: str) -> None:
        self.texts = texts
        self.sent: list[Any] = []

    async def _messages(self) -> AsyncIterator[SimpleNamespace]:
        for text in self.texts:
            yield SimpleNamespace(type=WSMsgType.TEXT, data=text)

    def __aiter__(self) -> AsyncIterator[SimpleNamespace]:
        return self._messages()

    async def send_json(self, value: Any) -> None:
        self.sent.append(value)


class App:
    """The app process: the keys it was given."""

    def __init__(self) -> None:
        self.keys: list[bytes] = []

    async def send_bytes(self, data: bytes) -> None:
        self.keys.append(data)


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("[" * 60_000, id="nested-deeper-than-json-reads"),
        pytest.param('["stdin", "\\ud800"]', id="stdin-with-a-lone-surrogate"),
        pytest.param('{"stdin": "x"}', id="not-a-list"),
        pytest.param("[]", id="empty"),
        pytest.param('["resize", {"width": 1e400, "height": "x"}]', id="resize-not-numbers"),
    ],
)
def test_a_message_the_relay_cannot_use_is_dropped(message: str) -> None:
    """Before, the first two ended the relay with an exception: the student's app process was
    stopped and a traceback went to the teacher's terminal."""
    app = App()
    asyncio.run(ExamServer._relay(Browser(message, '["stdin", "a"]'), app))  # type: ignore[arg-type]
    assert app.keys == [b"a"]
