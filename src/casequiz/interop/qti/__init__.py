"""QTI 1.2 content packages from banks, as Canvas, Blackboard and Brightspace import them.

`package(banks)` gives the bytes of a zip: `imsmanifest.xml` and an assessment per bank, each
valid against the IMS QTI ASI 1.2.1 DTD, with Canvas's item metadata (question type, points),
which other LMSs ignore. `losses(banks)` names what the package cannot hold.
"""

from casequiz.interop.qti.assessment import assessment
from casequiz.interop.qti.losses import losses
from casequiz.interop.qti.package import package

__all__ = ["assessment", "losses", "package"]
