"""The student's terminal UI, built on Textual.

Only this package imports Textual, and nothing outside it imports this package except the
commands that show the UI, so `validate`, `export` and `--help` never pay for loading it.
"""
