"""Building QTI's XML: elements, and bank text as the HTML a `mattext` holds.

QTI carries question text as HTML inside `<mattext texttype="text/html">`: bank text is
HTML-escaped first (so it shows as written and never becomes markup), then XML-escaped by the
serialiser. Characters XML cannot hold at all become U+FFFD (`interop.chars.printable`).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from casequiz.interop.chars import html_text, printable

__all__ = ["Element", "SubElement", "document", "el", "html_text", "material", "metadata"]


def el(parent: Element, tag: str, text: str | None = None, **attributes: str) -> Element:
    """A child element; attribute values pass through `printable`."""
    child = SubElement(parent, tag, {k: printable(v) for k, v in attributes.items()})
    if text is not None:
        child.text = printable(text)
    return child


def material(parent: Element, markup: str) -> Element:
    """`<material><mattext texttype="text/html">` holding `markup` (already HTML)."""
    node = el(parent, "material")
    el(node, "mattext", markup, texttype="text/html")
    return node


def metadata(parent: Element, fields: dict[str, str]) -> Element:
    """`<qtimetadata>` with a `qtimetadatafield` per entry, as Canvas reads its settings."""
    node = el(parent, "qtimetadata")
    for label, entry in fields.items():
        field = el(node, "qtimetadatafield")
        el(field, "fieldlabel", label)
        el(field, "fieldentry", entry)
    return node


def document(root: Element) -> bytes:
    """The whole document, indented, UTF-8, with the usual XML declaration (ElementTree's own
    says `utf-8` in single quotes)."""
    indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")
