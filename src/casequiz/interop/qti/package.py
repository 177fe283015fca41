"""The IMS content package: `imsmanifest.xml` naming a QTI 1.2 assessment per bank, in a zip.

This is the file an LMS's quiz import takes (Canvas: Settings > Import Course Content > QTI
.zip file). The assessment itself carries no DOCTYPE: an importer that tried to fetch the DTD
would find nothing there, and the document is valid against it all the same (the tests check).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.etree.ElementTree import Element, register_namespace

from casequiz.bank.model import Bank
from casequiz.interop.qti.assessment import assessment, assessment_ident
from casequiz.interop.qti.xml import document, el

__all__ = ["CP", "manifest", "package"]

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
register_namespace("", CP)


def manifest(banks: Sequence[Bank]) -> bytes:
    """The package's manifest: a resource of type `imsqti_xmlv1p2` per bank, each one file."""
    name = "-".join(bank.id for bank in banks[:3]) + ("-and-more" if len(banks) > 3 else "")
    root = Element(f"{{{CP}}}manifest", {"identifier": f"casequiz-{name}-manifest"})
    meta = el(root, f"{{{CP}}}metadata")
    el(meta, f"{{{CP}}}schema", "IMS Content")
    el(meta, f"{{{CP}}}schemaversion", "1.1.3")
    el(root, f"{{{CP}}}organizations")
    resources = el(root, f"{{{CP}}}resources")
    for bank in banks:
        ident = assessment_ident(bank)
        resource = el(resources, f"{{{CP}}}resource", identifier=ident, type="imsqti_xmlv1p2")
        el(resource, f"{{{CP}}}file", href=assessment_path(bank))
    return document(root)


def assessment_path(bank: Bank) -> str:
    ident = assessment_ident(bank)
    return f"{ident}/{ident}.xml"


def package(banks: Sequence[Bank]) -> bytes:
    """The zip an LMS imports: the manifest and an assessment per bank (Canvas makes a quiz
    of each)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(banks))
        for bank in banks:
            archive.writestr(assessment_path(bank), assessment(bank))
    return out.getvalue()
