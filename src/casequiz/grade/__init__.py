"""The grade layer: turns stored attempts into exports and item statistics for graders.

It sits above `quiz` and `store` and below `cli`; the statistics in `grade.stats` are pure
arithmetic over a matrix of marks so they can be checked against Moodle's own figures without a
database. Nothing here imports textual or rich: `casequiz export` and `casequiz stats` must run
on a machine, or in a pipe, that never shows the user interface.
"""
