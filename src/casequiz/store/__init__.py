"""The store layer: attempts and answers in one SQLite file, through the standard library.

It knows records, not questions: nothing here imports the quiz engine or any user interface.
"""
