"""Run by every Python process the tests start, when the suite runs on PostgreSQL.

`CASEQUIZ_TEST_STORE=postgresql` puts this folder on `PYTHONPATH`, so the commands the tests
start (and the processes those spawn) open their stores on the server as the tests do.
"""

import os
import sys
from pathlib import Path

if os.environ.get("CASEQUIZ_TEST_STORE") and os.environ.get("CASEQUIZ_TEST_POSTGRES"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from backends import redirect_stores_to_postgres

    redirect_stores_to_postgres(os.environ["CASEQUIZ_TEST_POSTGRES"])
