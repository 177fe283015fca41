"""Moodle's GIFT text format: `parse` reads it as Moodle does, `read` maps it into a bank,
`write` writes a bank as GIFT that Moodle imports."""
