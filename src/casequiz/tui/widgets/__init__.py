"""Widgets of the terminal UI: the answer widgets, the header, feedback and excerpts."""
