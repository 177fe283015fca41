"""Serving an exam to browsers: the roster and its codes, the web server, the teacher's view.

The quiz runs on the teacher's machine, one app process per connected student, with
textual-serve carrying only the rendered screen to the browser.
"""
