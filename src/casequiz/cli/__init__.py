"""The command line: argument parsing and one small module per command.

Each command module registers its parser and imports what it needs only when it runs, so that
`casequiz --help` and the light commands never pay for the quiz engine or the user interface.
"""
