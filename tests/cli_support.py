"""Running the command line in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from casequiz.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `casequiz ARGS`; a traceback anywhere fails the test."""
    try:
        code = main(list(args))
    except SystemExit as exited:
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
