"""Moodle's embedded answers (Cloze) syntax, `{1:SHORTANSWER:=Everything but Arms}`: `parse`
reads a question text into its parts as Moodle does, `write` writes a part back."""
