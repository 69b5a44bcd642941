"""A real DICOM series whose every identifying field carries a marker: the input of the de-identification proofs.

Every text element the files already have (PN, LO, SH, ST, LT, UT, UC), every attribute PS3.15 Table E.1-1 lists
with a text, code string or date value (added when absent: read from the table the profile itself uses, so a row
added in a newer edition of the standard is covered too), a private element, nested sequences and the file meta
carry ``MARKER``; every date carries ``MARKER_DATE``. Only values a DICOM reader needs to build the volume keep
their meaning (Modality, geometry, pixel module, UIDs).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pydicom
from pydicom.datadict import dictionary_VR
from pydicom.dataset import Dataset

from backend.deid.profile import action_table
from tests.conftest import SHARED_DATA

MARKER = "ZZMARKER"
MARKER_DATE = "19450203"
MARKER_DATETIME = "19450203101112"
SERIES = SHARED_DATA / "hippocrop-dicom" / "Study1" / "13_HCropVolume"
TEXT_VRS = frozenset({"PN", "LO", "SH", "ST", "LT", "UT", "UC"})
# Code strings with a defined meaning for reading the image: left alone so the series still imports.
_STRUCTURAL_CS = frozenset({"ImageType", "Modality", "PhotometricInterpretation"})


def _value_for(vr: str) -> str | None:
    if vr in TEXT_VRS or vr == "CS" or vr == "AE":
        return MARKER
    if vr == "DA":
        return MARKER_DATE
    if vr == "DT":
        return MARKER_DATETIME
    return None


def _mark_present(ds: Dataset) -> None:
    for element in ds.iterall():
        if element.keyword in _STRUCTURAL_CS:
            continue
        value = _value_for(element.VR)
        if value is not None:
            element.value = value


def mark(ds: Dataset) -> Dataset:
    """Put the markers into ``ds`` (in place) and return it."""
    _mark_present(ds)
    for tag in action_table():
        if tag in ds or (tag >> 16) == 0x0002:
            continue
        try:
            vr = dictionary_VR(tag)
        except KeyError:
            continue  # a retired or private row pydicom's dictionary does not know
        value = _value_for(vr)
        if value is not None:
            ds.add_new(tag, vr, value)
    ds.PatientID = MARKER
    ds.PatientName = f"{MARKER}^{MARKER}"
    ds.BodyPartExamined = MARKER  # a free code string the table does not list
    block = ds.private_block(0x0009, f"{MARKER} CREATOR", create=True)
    block.add_new(0x10, "LO", MARKER)
    referenced = Dataset()  # a sequence the profile keeps (Retain UIDs), with a name nested in it
    referenced.ReferencedSOPClassUID = ds.SOPClassUID
    referenced.ReferencedSOPInstanceUID = ds.SOPInstanceUID
    referenced.PatientName = MARKER
    referenced.ContentDate = MARKER_DATE
    ds.ReferencedImageSequence = [referenced]
    requesting = Dataset()  # a sequence the profile removes
    requesting.RequestingPhysician = MARKER
    ds.RequestAttributesSequence = [requesting]
    ds.file_meta.SourceApplicationEntityTitle = MARKER
    return ds


def marked_files(series: Path = SERIES) -> dict[str, bytes]:
    """The series' files (relative name -> bytes), each one marked."""
    out: dict[str, bytes] = {}
    for path in sorted(series.glob("*.dcm")):
        ds = mark(pydicom.dcmread(path))
        buffer = io.BytesIO()
        ds.save_as(buffer, enforce_file_format=True)
        out[f"Study1/{path.name}"] = buffer.getvalue()
    return out


def marked_zip(series: Path = SERIES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in marked_files(series).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def first_marked_dataset(series: Path = SERIES) -> Dataset:
    return mark(pydicom.dcmread(sorted(series.glob("*.dcm"))[0], stop_before_pixels=True))
