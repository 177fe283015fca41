"""Moodle XML: `read` parses it safely and maps it into a bank, `write` writes a bank as the
XML Moodle's importer reads (`question/format/xml/format.php`)."""
