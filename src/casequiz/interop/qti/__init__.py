"""QTI 1.2 content packages from banks, as Canvas, Blackboard and Brightspace import them.

`package(bank)` gives the bytes of a zip: `imsmanifest.xml` and one assessment. The assessment
is valid against the IMS QTI ASI 1.2.1 DTD and uses Canvas's item metadata (question type,
points), which other LMSs ignore.
"""

from casequiz.interop.qti.assessment import assessment
from casequiz.interop.qti.package import package

__all__ = ["assessment", "package"]
