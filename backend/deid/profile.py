"""DICOM PS3.15 Basic Application Level Confidentiality Profile, with the options Radloop needs.

The action of every attribute comes from Table E.1-1 of the standard as shipped by ``dicom-anonymizer``
(KitwareMedical; its table is generated from the standard's own tables, edition ``STANDARD_EDITION``), never
from a list typed here. Neither ``deid`` (its default recipe is a site recipe, not Table E.1-1) nor highdicom or
pydicom (no profile at all) ships that table. The library's own ``anonymize_dataset`` is not used as is: it applies
the table to top-level attributes only, replaces UIDs with random ones and writes dates as 00010101. Instead this
module reads the table's action codes and applies them itself, to every nested sequence item too, with:

- **Retain UIDs Option** (113110): every UID is kept. A SEG written later must reference the original Study,
  Series, SOP Instance and Frame of Reference UIDs so the PACS files it beside its source images, and imports are
  recognised by their UIDs. UIDs do not name a patient; they link to the PACS record only for someone who can
  already read that PACS.
- **Retain Longitudinal Temporal Information with Modified Dates Option** (113107): every date (DA, and the date
  of a DT) is moved by the patient's ``date_shift_days``, so intervals between a patient's studies survive while
  the calendar dates do not; times of day are kept, being unchanged by a shift of whole days. Patient's Birth
  Date alone is blanked (a shifted one still gives the year of birth; no Retain Patient Characteristics Option).
- PatientID and PatientName become the project's pseudonym (the profile would blank them; a pseudonym keeps the
  patient's series together and lets a lead map back through the audited identity route).
- Private attributes are removed (no Retain Safe Private Option), and so are overlays and curves (the table's
  repeating-group rows).
- Study and Series Description, Protocol Name and the other free-text descriptors are removed as the basic profile
  says (no Clean Descriptors Option): free text is where names hide, and no cleaner can prove a description safe.
  Radloop names series from coded attributes instead (``series_label``).

Beyond the table (stricter than the profile): free text it does not list (VR LO, SH, ST, LT, UT, UC, PN and AE
titles, e.g. Manufacturer, Position Reference Indicator, Sequence Name) is emptied too, except inside coded-concept
items (code value, scheme and meaning). The profile keeps such device and acquisition text as harmless, but a text
field can hold anything a person or a site's software typed, and nothing Radloop makes from a de-identified header
(a SEG for download) needs it; a SEG sent back to the PACS is built from the original headers instead. Attributes
of unknown meaning (VR UN) are emptied. Code strings, numbers, geometry, UIDs and times are kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

import pydicom
from dicomanonymizer import simpledicomanonymizer as anonymizer
from dicomanonymizer.dicomfields_selector import dicom_anonymization_database_selector
from pydicom.dataelem import DataElement
from pydicom.sequence import Sequence
from pydicom.sr.codedict import codes

from backend.deid.keys import date_shift_days, pseudonym
from backend.models import Project

# The edition of PS3.15 Table E.1-1 that dicom-anonymizer==2.1.0 ships (its newest).
STANDARD_EDITION = "dicomfields_2026c"
# De-identification Method (LO, at most 64 characters); the code sequence beside it names the profile and options.
METHOD = "PS3.15 Basic Profile 2026c; Retain UIDs; Modified Dates; Radloop"
_METHOD_CODES = (
    codes.DCM.BasicApplicationConfidentialityProfile,
    codes.DCM.RetainUidsOption,
    codes.DCM.RetainLongitudinalTemporalInformationModifiedDatesOption,
)
# The table's categories by action code; "U" and "X/Z/U*" name UIDs and UID-bearing sequences (kept, see above).
_CATEGORIES = {
    "D_TAGS": "D",
    "Z_TAGS": "Z",
    "X_TAGS": "X",
    "U_TAGS": "U",
    "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D",
    "X_Z_D_TAGS": "X/Z/D",
    "X_Z_U_STAR_TAGS": "X/Z/U*",
}
_KEPT_CODES = frozenset({"U", "X/Z/U*"})
_DATE_VRS = frozenset({"DA", "DT"})
# Value representations of free text (and of AE titles, which name stations): what the table does not list of these
# is emptied too. Code strings (CS) are kept: their values are defined terms of the standard.
_FREE_TEXT_VRS = frozenset({"AE", "LO", "LT", "PN", "SH", "ST", "UC", "UT"})
_PATIENT_ID = 0x00100020
_PATIENT_NAME = 0x00100010
# The one date not shifted but blanked (the profile's "Z"): a shifted birth date still gives the year of birth,
# and no Retain Patient Characteristics Option is applied (Patient's Age is removed too).
_PATIENT_BIRTH_DATE = 0x00100030

Action = Callable[[pydicom.Dataset, tuple[int, int]], None]


@cache
def action_table() -> dict[int, str]:
    """Tag -> the profile's action code ("X", "Z", "D", "U", "X/Z", ...) for every single-tag row of the table."""
    table: dict[int, str] = {}
    for category, code in _CATEGORIES.items():
        for row in dicom_anonymization_database_selector(STANDARD_EDITION)[category]:
            if len(row) == 2:
                table[(row[0] << 16) | row[1]] = code
    return table


@cache
def _repeating_groups() -> tuple[tuple[int, int, int, int], ...]:
    """The table's rows for repeating groups (curves 50xx, overlay data and comments 60xx), all removed ("X")."""
    rows = dicom_anonymization_database_selector(STANDARD_EDITION)["X_TAGS"]
    return tuple((r[0], r[1], r[2], r[3]) for r in rows if len(r) == 4)


@cache
def _library_actions() -> dict[tuple[int, int], Action]:
    """The library's own implementation of each code (D: dummy value, Z: empty, X/Z: empty, ...)."""
    actions: dict[tuple[int, int], Action] = anonymizer.initialize_actions(STANDARD_EDITION)
    return actions


def _in_repeating_group(tag: int) -> bool:
    group, element = tag >> 16, tag & 0xFFFF
    return any(
        group & gmask == g & gmask and element & emask == e & emask for g, e, gmask, emask in _repeating_groups()
    )


def shift_date(value: str, days: int) -> str:
    """A DA value moved by ``days``; "" for a value that is not a full date (it cannot be shifted, so it goes)."""
    text = value.strip()
    if len(text) != 8 or not text.isdigit():
        return ""
    try:
        moved = date(int(text[:4]), int(text[4:6]), int(text[6:])) + timedelta(days=days)
    except (ValueError, OverflowError):
        return ""
    return moved.strftime("%Y%m%d")


def shift_datetime(value: str, days: int) -> str:
    """A DT value with its date moved by ``days`` (time and UTC offset kept); "" without a full date."""
    text = value.strip()
    moved = shift_date(text[:8], days)
    return moved + text[8:] if moved else ""


def _shift_element(element: DataElement, days: int) -> None:
    shift = shift_date if element.VR == "DA" else shift_datetime
    values: list[Any] = list(element.value) if element.VM > 1 else [element.value]
    moved = [shift(str(v), days) for v in values if v not in (None, "")]
    moved = [v for v in moved if v]
    element.value = moved if len(moved) > 1 else (moved[0] if moved else "")


def _apply_table(ds: pydicom.Dataset, days: int, alias: str) -> None:
    """Apply the profile to ``ds`` and, recursively, to every item of every sequence it keeps."""
    table = action_table()
    library = _library_actions()
    # An item of a coded concept (code value, scheme, meaning): its text comes from a coding scheme, not a person.
    coded = "CodingSchemeDesignator" in ds
    for element in list(ds):
        tag = int(element.tag)
        if element.tag.is_private:
            continue  # removed afterwards, together with the private creators
        if tag in (_PATIENT_ID, _PATIENT_NAME):
            ds[tag].value = alias
            continue
        if _in_repeating_group(tag):
            del ds[tag]
            continue
        code = table.get(tag)
        if tag == _PATIENT_BIRTH_DATE:
            ds[tag].value = ""
        elif element.VR in _DATE_VRS:
            _shift_element(ds[tag], days)  # Modified Dates option, whatever the table's code
        elif code is None and element.VR in _FREE_TEXT_VRS and not coded:
            ds[tag].value = ""  # free text the table does not list: see "Beyond the table" above
        elif code is None and element.VR == "UN":
            ds[tag].value = b""  # an attribute of unknown meaning and encoding cannot be shown to be safe
        elif code is None or code in _KEPT_CODES or element.VR in ("UI", "TM"):
            if element.VR == "SQ":  # kept sequences are cleaned item by item (the profile's "K" for sequences)
                for item in element.value:
                    _apply_table(item, days, alias)
        elif element.VR == "SQ":
            # A sequence the profile removes, empties or replaces: removed, or left without items where the
            # code allows an empty value (the library would fill nested UIDs with random ones instead).
            if code == "X":
                del ds[tag]
            else:
                ds[tag].value = Sequence()
        else:
            library[(tag >> 16, tag & 0xFFFF)](ds, (tag >> 16, tag & 0xFFFF))


def real_patient_key(ds: pydicom.Dataset) -> str:
    """The real patient key of a dataset, as the DICOM reader groups series: PatientID, else PatientName."""
    return str(ds.get("PatientID", "") or ds.get("PatientName", "") or "").strip()


def deidentify_dataset(ds: pydicom.Dataset, project: Project, *, real_patient_id: str | None = None) -> pydicom.Dataset:
    """A de-identified COPY of ``ds`` (the argument is not changed): see the module's docstring for what goes.

    The pseudonym and the date shift are keyed on ``real_patient_id`` when given (pass the patient's recorded
    identity, so a dataset whose PatientID differs from what the import grouped on still matches the patient),
    else on the dataset's own PatientID (PatientName when it has none).
    """
    out = copy.deepcopy(ds)
    real = real_patient_key(ds) if real_patient_id is None else real_patient_id
    alias = pseudonym(project, real)
    days = date_shift_days(project, real)
    _apply_table(out, days, alias)
    out.remove_private_tags()
    file_meta = getattr(out, "file_meta", None)
    if file_meta is not None:
        _apply_table(file_meta, days, alias)
    out.PatientID = alias
    out.PatientName = alias
    out.PatientIdentityRemoved = "YES"
    out.LongitudinalTemporalInformationModified = "MODIFIED"
    out.DeidentificationMethod = METHOD
    method_codes = Sequence()
    for code in _METHOD_CODES:
        item = pydicom.Dataset()
        item.CodeValue = code.value
        item.CodingSchemeDesignator = code.scheme_designator
        item.CodeMeaning = code.meaning
        method_codes.append(item)
    out.DeidentificationMethodCodeSequence = method_codes
    return out


def series_label(modality: str, series_number: int | None) -> str:
    """What Radloop calls a de-identified series: coded attributes only, e.g. "MR series 13"."""
    return f"{modality or 'OT'} series {series_number}" if series_number is not None else f"{modality or 'OT'} series"


def study_label(modalities: list[str]) -> str:
    """What Radloop calls a de-identified study, e.g. "MR study" ("MR, SEG study" with a mask series)."""
    names = sorted({m or "OT" for m in modalities}) or ["OT"]
    return f"{', '.join(names)} study"
