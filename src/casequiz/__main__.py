"""Let `python -m casequiz` behave exactly like the `casequiz` console script."""

from casequiz.cli.main import main

raise SystemExit(main())
