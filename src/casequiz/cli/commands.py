"""The commands of `casequiz`, in the order `--help` lists them, each with its summary.

Kept apart from the command modules, so that `casequiz --help` lists every command without
importing one (each module registers its own arguments, imported only when it is named).
"""

SUMMARIES: dict[str, str] = {
    "practice": "take banks in practice mode: feedback after each answer",
    "exam": "take banks as an exam: feedback at the end, a result file to hand in",
    "resume": "continue an unfinished attempt",
    "history": "list past attempts, or show one with its feedback",
    "study": "study with spaced repetition: the questions due today, then new ones",
    "validate": "check banks: YAML, fields, answers, and excerpts against sources",
    "schema": "print the JSON Schema (Draft 7) of the bank format",
    "score": "score a response sheet (YAML/JSON: question id -> response)",
    "results": "import result files that students hand in; list and remove",
    "export": "export scores as CSV, JSON or Markdown",
    "stats": "item statistics: which questions are too easy, too hard or misleading",
    "store": "copy results stores",
    "bank": "import banks from Moodle (GIFT, Moodle XML) and export them to other tools",
    "serve": "serve banks as an exam to the class's browsers, one access code per student",
    "roster": "the class list of a served exam and its access codes",
}
"""Each command module of `casequiz.cli` by name, with the one line `--help` gives it."""
