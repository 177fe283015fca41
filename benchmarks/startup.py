"""The start-up row of `rows_tui`: two child processes, timed from their start to their screen.

The first question: `casequiz practice` on the bundled banks (a warm bank cache, a new attempt
committed to a new store), run through the CLI's own `main`, whose app reports the moment the
first question is drawn. The baseline: a minimal Textual app reporting the moment its one
`Static` is drawn. Each child writes that moment (`time.perf_counter()`, the system's monotonic
clock, shared with the parent) to a file, then exits; the parent measures from just before it
started the process. What either does after its screen is up (Textual's shutdown, the
interpreter's) is no part of the figure, as no one waits for it to see the screen.

Headless, or in a pseudo-terminal of 80x24 whose output is read as a terminal emulator would,
so that Textual's own driver draws every frame and answers its queries' waits.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

_DRAWN = textwrap.dedent(
    """
    import sys
    import time

    TTY = "--tty" in sys.argv
    MODULES = "--modules" in sys.argv
    REPORT = sys.argv[1]


    def bench_wait(app, shown) -> None:
        # From Textual's Ready on, look every millisecond; once `shown(app)`, write the moment
        # the next frame is drawn to REPORT, then exit.
        waiting = []

        def drawn() -> None:
            with open(REPORT, "w") as out:
                out.write(repr(time.perf_counter()))
                if MODULES:  # and on a second line, the packages imported by then
                    out.write("\\n" + " ".join({name.partition(".")[0] for name in sys.modules}))
            app.exit()

        def tick() -> None:
            if not waiting and shown(app):
                waiting.append(True)
                app.call_after_refresh(drawn)

        app.set_interval(0.001, tick)
    """
)

BASELINE = _DRAWN + textwrap.dedent(
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Static


    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Static("casequiz")

        def on_ready(self) -> None:
            bench_wait(self, lambda app: bool(app.screen.query(Static)))


    Minimal().run(headless=not TTY, size=None if TTY else (80, 24))
    """
)
"""A minimal Textual app: one `Static`."""

FIRST_QUESTION = _DRAWN + textwrap.dedent(
    """
    import importlib.util


    def question_shown(app) -> bool:
        from casequiz.tui.screens.question import QuestionScreen
        from casequiz.tui.widgets.questionview import QuestionView

        screen = app.screen
        return isinstance(screen, QuestionScreen) and bool(screen.query(QuestionView))


    def timed(app_class) -> None:
        run = app_class.run
        app_class.on_ready = lambda app: bench_wait(app, question_shown)
        app_class.run = lambda app, **_: run(
            app, headless=not TTY, size=None if TTY else (80, 24)
        )


    class Timed:
        # When the CLI imports the app's module, its app gains the report above; nothing else.
        def find_spec(self, name, path=None, target=None):
            if name != "casequiz.tui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run_module = spec.loader.exec_module

            def exec_module(module) -> None:
                run_module(module)
                timed(module.CaseQuizApp)

            spec.loader.exec_module = exec_module
            return spec


    sys.meta_path.insert(0, Timed())
    if not TTY:
        import casequiz.cli.common

        casequiz.cli.common.require_terminal = lambda *_: None  # headless: no terminal to need
    from casequiz.cli.main import main

    sys.argv = ["casequiz", "--db", sys.argv[2], "practice", "--seed", "1"]
    raise SystemExit(main())
    """
)
"""`casequiz --db STORE practice --seed 1`, as a student starts it; headless, the CLI's check
for a terminal is the one thing replaced."""


def _drawn_at(report: Path, started: float) -> float:
    drawn = float(report.read_text().partition("\n")[0])
    report.unlink()
    return drawn - started


def imported_by_then(script: str, *args: str, env: dict[str, str], report: Path) -> set[str]:
    """The top-level packages `script`, run headless, had imported when its screen was drawn
    (for the tests: a quiz from the cache must draw its first question without pydantic)."""
    subprocess.run(
        [sys.executable, "-c", script, str(report), *args, "--modules"],
        env=env,
        check=True,
        timeout=120,
    )
    _, _, packages = report.read_text().partition("\n")
    report.unlink()
    return set(packages.split())


def time_child(script: str, *args: str, env: dict[str, str], report: Path) -> float:
    """Seconds from starting `script` headless to the moment it reports (in `report`) its
    screen drawn."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", script, str(report), *args], env=env, check=True, timeout=120
    )
    return _drawn_at(report, started)


def time_in_terminal(script: str, *args: str, env: dict[str, str], report: Path) -> float:
    """Like `time_child`, with the child on a pseudo-terminal of 80x24 whose output is read
    (and thrown away) as fast as it comes, as a terminal emulator would."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(report), *args, "--tty"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**env, "TERM": "xterm-256color"},
    )
    os.close(follower)
    try:
        while child.poll() is None:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
            if time.perf_counter() - started > 120:
                child.kill()
                raise TimeoutError("the child never drew its screen")
        if child.wait() != 0:
            raise RuntimeError(f"the child failed with exit code {child.returncode}")
    finally:
        os.close(leader)
    return _drawn_at(report, started)


def startup(quick: bool = False, *, terminal: bool = False) -> tuple[float, float]:
    """Median seconds to the first question drawn, and to the minimal app's Static drawn."""
    runs = 3 if quick else 9
    timed = time_in_terminal if terminal else time_child
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "CASEQUIZ_CACHE_DIR": str(Path(folder) / "cache"),
            "CASEQUIZ_RESULTS_DIR": str(Path(folder) / "results"),
            "CASEQUIZ_CONFIG_DIR": str(Path(folder) / "config"),
        }
        store = str(Path(folder) / "bench.db")
        report = Path(folder) / "drawn"
        timed(FIRST_QUESTION, store, env=env, report=report)  # warm the bank cache and the disk
        timed(BASELINE, env=env, report=report)
        quiz, base = [], []
        for _ in range(runs):
            quiz.append(timed(FIRST_QUESTION, store, env=env, report=report))
            base.append(timed(BASELINE, env=env, report=report))
    return statistics.median(quiz), statistics.median(base)
