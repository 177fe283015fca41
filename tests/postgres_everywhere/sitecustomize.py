"""Run by every Python process the tests start, when the suite runs on PostgreSQL.

`CASEQUIZ_TEST_STORE=postgresql` puts this folder on `PYTHONPATH`, so the commands the tests
start (and the processes those spawn) open their stores on the server as the tests do. Nothing
is imported until the process itself imports the store (a process that never opens one, as in
the import-cost tests, stays as it was), and stores are redirected once both store modules
have finished loading, whichever of them the process imported first.
"""

import importlib.abc
import importlib.machinery
import os
import sys
from pathlib import Path

_MODULES = {"casequiz.store.db", "casequiz.store.postgres"}
_loaded: set[str] = set()


def _redirect() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from backends import redirect_stores_to_postgres

    redirect_stores_to_postgres(os.environ["CASEQUIZ_TEST_POSTGRES"])


class _RedirectOnceLoaded(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name not in _MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module):  # type: ignore[no-untyped-def]
            execute(module)
            _loaded.add(name)
            if name == "casequiz.store.db" and "casequiz.store.postgres" not in sys.modules:
                import casequiz.store.postgres  # noqa: F401  (its completion redirects)
            elif _loaded == _MODULES:
                _redirect()

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if os.environ.get("CASEQUIZ_TEST_STORE") and os.environ.get("CASEQUIZ_TEST_POSTGRES"):
    sys.meta_path.insert(0, _RedirectOnceLoaded())
