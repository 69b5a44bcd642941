"""Removing known real identifiers from a message before it is stored or shown where pseudonyms belong.

Error messages of the DICOM reader name what they refuse ("series 'T1 post' of patient 12345 ..."): right for the
person who uploaded the files, wrong for text kept beside a de-identified patient (a PACS import job's result, read
later by any lead without the audited identity route). The caller passes what it knows to be real (PatientIDs,
PatientNames, descriptions); this replaces each, and each part of a name, by ``REMOVED``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pydicom
from pydicom.errors import InvalidDicomError

REMOVED = "[removed]"
# Value representations whose values are names or free text: what a reader's message may quote.
_TEXT_VRS = frozenset({"PN", "LO", "SH", "ST", "LT", "UT", "UC"})
# Parts of a DICOM person name (Family^Given^Middle^Prefix^Suffix, groups split by "="); shorter parts ("Jr", a
# middle initial) would also erase unrelated words of the message.
_MIN_PART = 3


def _needles(identifiers: Iterable[str]) -> list[str]:
    found: set[str] = set()
    for value in identifiers:
        value = value.strip()
        if not value:
            continue
        found.add(value)
        found.update(part for part in re.split(r"[\^=]", value) if len(part.strip()) >= _MIN_PART)
    return sorted((n.strip() for n in found), key=len, reverse=True)  # longest first: a whole name before its parts


def redact(text: str, identifiers: Iterable[str]) -> str:
    """``text`` with every identifier (case-insensitive) and every part of a PN-style name replaced."""
    for needle in _needles(identifiers):
        text = re.sub(re.escape(needle), REMOVED, text, flags=re.IGNORECASE)
    return text


def text_values_in_files(directory: Path) -> set[str]:
    """Every name and free-text value in the headers of the DICOM files under ``directory`` (nested sequences
    included): what a refusal message about these files could quote."""
    found: set[str] = set()

    def collect(ds: pydicom.Dataset, _elem: pydicom.DataElement) -> None:
        if _elem.VR in _TEXT_VRS and _elem.value not in (None, ""):
            values = _elem.value if _elem.VM > 1 else [_elem.value]
            found.update(str(v) for v in values if len(str(v).strip()) >= _MIN_PART)

    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        try:
            pydicom.dcmread(path, stop_before_pixels=True, force=False).walk(collect)
        except (InvalidDicomError, OSError, ValueError, EOFError):
            continue
    return found
