"""Question banks in and out of other tools' formats, pandoc-style.

Every format is a reader into the bank model or a writer out of it (`gift/`, `moodle_xml/`,
`anki/`, `qti/`); no format talks to another directly. `formats` names them; `report` holds
what a reader or a writer says about what it could not carry. This layer imports `bank` only.
"""
