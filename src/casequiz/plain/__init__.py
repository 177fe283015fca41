"""Plain mode: an attempt taken line by line on stdin/stdout, for screen readers and scripts.

It shares the quiz engine with the TUI and never imports Textual.
"""
