"""The keyed hashes behind a project's pseudonyms and date shifts.

Both derive from ``project.pseudonym_key`` (a per-project secret the API never returns) with HMAC-SHA256, each
under its own domain label, so the same PatientID gets the same pseudonym and the same shift on every import of a
project (a re-import is recognised, intervals between studies survive), while the pseudonym of one project cannot
be linked to another's and knowing a pseudonym reveals nothing about the shift.
"""

from __future__ import annotations

import hashlib
import hmac

from backend.models import Project

PSEUDONYM_PREFIX = "P-"
# 40 bits: a collision among 10,000 patients of one project has odds of about 5 in 100,000, and the importer
# refuses one by name rather than merging two people.
PSEUDONYM_HEX_DIGITS = 10
# Dates move back by 1..365 days: never zero (a shift of zero would publish the real dates).
MAX_SHIFT_DAYS = 365


def _digest(project: Project, domain: bytes, real_patient_id: str) -> bytes:
    key = project.pseudonym_key.encode("utf-8")
    return hmac.new(key, domain + b"\x00" + real_patient_id.encode("utf-8"), hashlib.sha256).digest()


def pseudonym(project: Project, real_patient_id: str) -> str:
    """The project's stable pseudonym for a real PatientID, e.g. ``P-3f9a1c2b7d``."""
    return PSEUDONYM_PREFIX + _digest(project, b"pseudonym", real_patient_id).hex()[:PSEUDONYM_HEX_DIGITS]


def date_shift_days(project: Project, real_patient_id: str) -> int:
    """Days added to every date of this patient (-365..-1), the same for all of the patient's studies."""
    value = int.from_bytes(_digest(project, b"date-shift", real_patient_id)[:8], "big")
    return -(value % MAX_SHIFT_DAYS) - 1
