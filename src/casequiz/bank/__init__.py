"""The bank layer: the question bank format, loading it from YAML, and checking it.

Nothing here knows about attempts, storage or any user interface. Import from the submodules
(`casequiz.bank.load`, `casequiz.bank.model`, ...) so that light commands stay light.
"""
