"""A real browser takes a served exam: headless Chromium, driven by Playwright.

Debian's chromium is used as installed (Playwright cannot download its own browser here). The
test runs where /usr/bin/chromium exists; on CI (`CI` or `CASEQUIZ_REQUIRE_BROWSER` set) a
missing browser fails it rather than skipping it. Screenshots of every step are kept under the
test's temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from serve.client import ANSI, PROMPTS
from serve.conftest import start_server
from serve.test_web import RIGHT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

REQUIRED = bool(os.environ.get("CI") or os.environ.get("CASEQUIZ_REQUIRE_BROWSER"))
"""`.ci/run` sets CASEQUIZ_REQUIRE_BROWSER: there a missing Chromium is a failure."""

if not CHROMIUM.exists() and not REQUIRED:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_browser_takes_the_exam_reloads_resumes_and_finishes(tmp_path: Path, env: Path) -> None:
    assert CHROMIUM.exists(), "CI must have Chromium: .ci/run installs it"
    from playwright.sync_api import sync_playwright

    shots = tmp_path / "screenshots"
    shots.mkdir()
    served, stop = start_server(tmp_path)
    outside: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.on(
                "request",
                lambda request: (
                    None
                    if request.url.startswith((served.origin, "ws://127.0.0.1", "data:"))
                    else outside.append(request.url)
                ),
            )
            screen = {"text": ""}

            def on_frame(payload: str | bytes) -> None:
                if isinstance(payload, bytes):
                    screen["text"] += ANSI.sub(b"", payload).decode("utf-8", "replace")

            page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
            step = iter(range(1, 100))

            def wait_for(*texts: str) -> str:
                """What the browser was sent, until one of `texts` is on its screen."""
                for _ in range(1200):
                    for text in texts:
                        if text in screen["text"]:
                            return text
                    page.wait_for_timeout(100)
                raise AssertionError(f"none of {texts} shown:\n{screen['text'][-2000:]}")

            def shot(name: str) -> None:
                page.screenshot(path=shots / f"{next(step):02d}-{name}.png")

            def question(after: str | None = None) -> str:
                """The question on the screen, once a different one than `after` shows."""
                shown = wait_for(*(p for p, key in PROMPTS.items() if key != after))
                page.wait_for_timeout(300)  # the frame is drawn, for the screenshot
                return PROMPTS[shown]

            def press(*keys: str) -> None:
                screen["text"] = ""
                page.focus("textarea")  # the terminal's keyboard input
                for key in keys:
                    page.keyboard.press(key)

            page.goto(served.url)
            shot("code-page")
            page.fill("#code", served.code_of("Student 02"))
            page.click("button[type=submit]")
            first = question()
            shot("first-question")
            press(RIGHT[first], "Enter")
            second = question(after=first)
            shot("second-question")
            press(RIGHT[second], "Enter")
            third = question(after=second)
            shot("third-question")

            screen["text"] = ""
            page.reload()
            assert question() == third
            assert "Question 3 of 3" in screen["text"]
            shot("resumed-after-reload")
            press(RIGHT[third], "Enter")
            wait_for("Finish the exam?")
            page.wait_for_timeout(300)
            shot("finish-question")
            press("Enter")
            wait_for("The exam is finished")
            page.wait_for_timeout(300)
            shot("finished")
            browser.close()
    finally:
        stop()
    assert outside == []
    assert len(list(shots.glob("*.png"))) == 7
    with served.store() as store:
        (attempt,) = store.attempts(finished=None)
    assert attempt.student == "Student 02"
    assert attempt.finished and (attempt.score, attempt.max_score) == (3, 3)
    print(f"screenshots: {shots}")
