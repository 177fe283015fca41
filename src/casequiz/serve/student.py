"""The app process of one served student: `python -m casequiz.serve.student`.

The server starts it for a student whose code it has checked, naming the student and the
sitting's settings in the environment. Anything that goes wrong is one line on stderr (the
server logs it) and a non-zero exit: the browser shows the session as ended.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casequiz.serve.sitting import CONFIG_ENV, STUDENT_ENV, Settings, attempt_for


def open_results_store(location: str) -> object:
    """The teacher's store, whichever back end its location names."""
    from casequiz.store.base import open_store

    return open_store(location)


def main() -> int:
    settings = Settings.from_json(Path(os.environ[CONFIG_ENV]).read_text("utf-8"))
    student = os.environ[STUDENT_ENV]
    from casequiz.bank.load import load_banks
    from casequiz.serve.app import ServedApp

    banks = load_banks([Path(p) for p in settings.banks], light=True)
    store = open_results_store(settings.store)
    try:
        attempt = attempt_for(store, settings, student, banks)
        app = ServedApp(store=store, attempt=attempt)  # type: ignore[arg-type]
        app.run()
        return app.return_code or 0
    finally:
        store.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # the server logs this line; the browser shows the session ended
        print(f"casequiz serve: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
