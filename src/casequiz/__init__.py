"""casequiz: teach from case material in the terminal.

The package root imports nothing on purpose: `casequiz --help` and `casequiz validate` must start
fast, and the user interface must not be loaded by commands that never show it.
"""

__version__ = "0.1.0"
