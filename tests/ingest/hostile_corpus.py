"""Hostile and careless uploads, generated at test time (nothing binary is committed).

Each import case is a list of (file name, bytes) uploaded together, plus the status class and a fragment of the
message the refusal must carry. The API tests (tests/backend/test_hostile_uploads.py) and the CLI tests
(tests/test_cli_hostile.py) send the same corpus, so both doors refuse the same files the same way.
"""

from __future__ import annotations

import gzip
import io
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

RGB24 = np.dtype([("R", "u1"), ("G", "u1"), ("B", "u1")])
# pydicom's own test files, installed with it (real objects from other writers: dcmqi, GE, ...).
PYDICOM_FILES = Path(pydicom.__file__).parent / "data" / "test_files"


@dataclass(frozen=True)
class HostileUpload:
    """One import request: ``files`` (and ``labels``) as (name, bytes); the refusal's status and message part."""

    id: str
    files: list[tuple[str, bytes]]
    status: int
    message: str
    labels: tuple[tuple[str, bytes], ...] = ()


def nifti(data: np.ndarray, *, compress: bool = True) -> bytes:
    image = nib.Nifti1Image(data, np.diag([1.0, 1.0, 2.0, 1.0]))
    raw = image.to_bytes()
    return gzip.compress(raw, mtime=0) if compress else raw


def nifti_claiming(shape: tuple[int, ...], dtype: type = np.float32) -> bytes:
    """A NIfTI header that claims ``shape`` followed by a few bytes of data: small on the wire, huge if believed."""
    header = nib.Nifti1Header()
    header.set_data_shape(shape)
    header.set_data_dtype(dtype)
    header["vox_offset"] = 352
    header["magic"] = b"n+1"
    return gzip.compress(header.binaryblock + b"\x00" * 4 + b"\x00" * 1024, mtime=0)


def gzip_bomb_nifti(shape: tuple[int, ...], inflated_bytes: int) -> bytes:
    """A header claiming ``shape`` (uint8) followed by ``inflated_bytes`` of zeros, deflated to ~1/1000."""
    header = nib.Nifti1Header()
    header.set_data_shape(shape)
    header.set_data_dtype(np.uint8)
    header["vox_offset"] = 352
    header["magic"] = b"n+1"
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [deflate.compress(header.binaryblock + b"\x00" * 4)]
    block = bytes(1 << 20)
    for _ in range(inflated_bytes >> 20):
        parts.append(deflate.compress(block))
    parts.append(deflate.flush())
    return b"".join(parts)


def dicom(
    *,
    patient_id: str = "HOSTILE-1",
    study_uid: str | None = None,
    series_uid: str | None = None,
    rows: int | None = 4,
    columns: int = 4,
) -> bytes:
    """A minimal single-frame MR slice; ``rows=None`` writes an empty Rows element."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("slice.dcm", {}, file_meta=meta, preamble=b"\x00" * 128)
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ds.PatientID = patient_id
        ds.StudyInstanceUID = study_uid or generate_uid()
        ds.SeriesInstanceUID = series_uid or generate_uid()
    ds.Modality = "MR"
    ds.SeriesDescription = "hostile"
    ds.Rows = rows
    ds.Columns = columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.PixelSpacing = [1.0, 1.0]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.ImagePositionPatient = [0, 0, 0]
    ds.PixelData = np.arange((rows or 4) * columns, dtype=np.int16).tobytes()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # over-long values are the point of some cases
        ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(inflated_bytes: int = 128 * 1024**2) -> bytes:
    """One entry of zeros: ~1000 times smaller than it expands (the central directory says so)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bomb.dcm", "w", force_zip64=True) as entry:
            block = bytes(1 << 20)
            for _ in range(inflated_bytes >> 20):
                entry.write(block)
    return buffer.getvalue()


def import_corpus() -> list[HostileUpload]:
    """Every file the importer must refuse with a clear 4xx, storing nothing."""
    image = np.arange(4 * 5 * 3, dtype=np.int16).reshape(4, 5, 3)
    rgb = np.zeros((4, 5, 3), dtype=RGB24)
    long_uid = "1.2." + "9" * 196
    return [
        HostileUpload("dicom-empty-rows", [("empty_rows.dcm", dicom(rows=None))], 400, "Rows"),
        HostileUpload("rgb24-nifti-image", [("rgb.nii.gz", nifti(rgb))], 400, "RGB"),
        HostileUpload(
            "rgb24-nifti-label", [("case.nii.gz", nifti(image))], 400, "RGB", labels=(("case.nii.gz", nifti(rgb)),)
        ),
        HostileUpload(
            "zip-file-and-folder",
            [("study.zip", zip_of({"a.dcm": dicom(), "a.dcm/b.dcm": dicom()}))],
            400,
            "both a file and a folder",
        ),
        HostileUpload("upload-named-dotdot", [("..", nifti(image))], 400, "cannot name a file"),
        HostileUpload("file-name-300-chars", [("a" * 293 + ".nii.gz", nifti(image))], 400, "file name"),
        HostileUpload("nifti-name-over-128", [("p" * 150 + ".nii.gz", nifti(image))], 400, "PatientID"),
        HostileUpload("patient-id-over-128", [("x.dcm", dicom(patient_id="P" * 200))], 400, "PatientID"),
        HostileUpload("study-uid-over-128", [("x.dcm", dicom(study_uid=long_uid))], 400, "StudyInstanceUID"),
        HostileUpload("series-uid-200", [("x.dcm", dicom(series_uid=long_uid))], 400, "SeriesInstanceUID"),
        HostileUpload(
            "nifti-header-claims-huge-shape",
            [("huge.nii.gz", nifti_claiming((30_000, 30_000, 30_000)))],
            413,
            "MAX_VOXELS_PER_VOLUME",
        ),
        HostileUpload("zip-bomb", [("bomb.zip", zip_bomb())], 413, "MAX_ZIP_RATIO"),
        HostileUpload("gzip-garbage-nifti", [("junk.nii.gz", b"\x1f\x8b\x08\x00" + b"\xa5" * 300)], 400, "junk"),
        HostileUpload(
            "dicom-seg-without-its-image",
            [("liver.dcm", (PYDICOM_FILES / "liver_1frame.dcm").read_bytes())],
            400,
            "not in this upload",
        ),
        HostileUpload(
            "dicom-ecg-waveform",
            [("ecg.dcm", (PYDICOM_FILES / "waveform_ecg.dcm").read_bytes())],
            400,
            "12-lead ECG Waveform Storage object (modality ECG), which holds no image",
        ),
    ]


def mask_corpus(shape: tuple[int, ...]) -> list[tuple[str, bytes, int, str]]:
    """Masks for an image of ``shape`` that must be refused: (id, bytes, status, message part)."""
    full = (int(shape[0]), int(shape[1]), int(shape[2]))
    return [
        ("gzip-garbage", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, 400, "gzip"),
        ("rgb24", nifti(np.zeros(full, dtype=RGB24)), 400, "RGB"),
        ("header-claims-1-gib", gzip_bomb_nifti((1024, 1024, 1024), 64 * 1024**2), 400, "does not match"),
        ("complex", nifti(np.zeros(full, dtype=np.complex64)), 400, "data type"),
        ("nan", nifti(np.full(full, np.nan, dtype=np.float32)), 400, "whole label numbers"),
        ("negative", nifti(np.full(full, -3, dtype=np.int16)), 400, "[-3]"),
        ("truncated", nifti(np.zeros(full, dtype=np.uint8), compress=False)[:400], 400, "truncated"),
    ]
