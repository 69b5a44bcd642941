"""Source DICOM headers kept with a volume (contract 3): header-only, in slice order, stored as DICOM JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from backend.core.config import get_settings
from backend.ingest.dicom import load_dicom_files
from backend.ingest.dicom_headers import (
    HEADERS_KEY,
    headers_from_bytes,
    load_headers,
    read_header_only,
    save_headers,
)
from backend.ingest.plan import plan_import
from backend.models import Volume
from backend.storage import blobs
from tests.ingest.conftest import HIPPOCROP, TCIA_T1, dcm_files


def _heights(headers: list[Dataset]) -> list[float]:
    iop = np.array([float(v) for v in headers[0].ImageOrientationPatient])
    normal = np.cross(iop[:3], iop[3:])
    return [float(np.dot(normal, [float(v) for v in h.ImagePositionPatient])) for h in headers]


def test_headers_follow_the_slice_axis_and_carry_no_pixels(tmp_path: Path) -> None:
    files = dcm_files(TCIA_T1)
    (patient,) = plan_import(list(reversed(files)), workdir=tmp_path)
    image = patient.studies[0].images[0]
    headers = image.dicom_headers
    assert headers is not None and len(headers) == image.shape[2] == 24
    assert all("PixelData" not in h for h in headers)
    heights = _heights(headers)
    assert heights == sorted(heights)
    lps = np.diag([-1.0, -1.0, 1.0, 1.0]) @ image.affine
    for k, h in enumerate(headers):
        np.testing.assert_allclose(lps[:3, 3] + k * lps[:3, 2], [float(v) for v in h.ImagePositionPatient], atol=1e-3)
    assert [h.SOPInstanceUID for h in headers] == [f.sop_instance_uid for f in image.source_frames or []]
    assert headers[0].file_meta.TransferSyntaxUID == pydicom.dcmread(files[0]).file_meta.TransferSyntaxUID


def test_headers_are_read_lazily_and_dropped_by_release() -> None:
    (volume,) = load_dicom_files(dcm_files(HIPPOCROP / "Study1" / "13_HCropVolume"), lazy=True)
    assert volume._headers is None  # planning holds no datasets
    first = volume.dicom_headers
    assert first is not None and volume.dicom_headers is first
    volume.release()
    assert volume._headers is None
    volume.dicom_headers = [first[0]]  # a de-identified replacement is kept as given
    assert volume.dicom_headers == [first[0]]


def test_bulky_elements_are_dropped(tmp_path: Path) -> None:
    ds = pydicom.dcmread(dcm_files(TCIA_T1)[0])
    icon = Dataset()
    icon.Rows, icon.Columns, icon.BitsAllocated = 64, 64, 8
    icon.PixelData = bytes(64 * 64)
    ds.IconImageSequence = [icon]
    ds.add_new(0x60000010, "US", 512)  # overlay rows
    ds.add_new(0x60003000, "OW", bytes(512 * 512 // 8))  # overlay data
    block = ds.private_block(0x0029, "RADLOOP TEST", create=True)
    block.add_new(0x10, "OB", bytes(20_000))
    block.add_new(0x11, "LO", "kept")
    ds.save_as(tmp_path / "bulky.dcm")
    header = read_header_only(tmp_path / "bulky.dcm")
    assert "PixelData" not in header and "IconImageSequence" not in header
    assert 0x60003000 not in header and 0x60000010 not in header
    assert block.get_tag(0x10) not in header and header[block.get_tag(0x11)].value == "kept"
    assert header.SOPInstanceUID == ds.SOPInstanceUID
    assert len(save_headers([header])) < 8_000


@pytest.fixture
def storage_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """STORAGE_ROOT pointed at a temporary folder for the test."""
    monkeypatch.setenv("STORAGE_ROOT", str(tmp_path / "storage"))
    get_settings.cache_clear()
    yield tmp_path / "storage"
    monkeypatch.undo()
    get_settings.cache_clear()


def test_save_and_load_round_trip_through_storage(storage_root: Path) -> None:
    (volume,) = load_dicom_files(dcm_files(TCIA_T1), lazy=True)
    headers = volume.dicom_headers
    assert headers is not None
    blob = save_headers(headers)
    assert len(blob) < 200_000  # 24 slices of Siemens MR headers, gzipped
    back = headers_from_bytes(blob)
    assert len(back) == len(headers)
    for original, copy in zip(headers, back, strict=True):
        assert copy.SOPInstanceUID == original.SOPInstanceUID
        assert copy.ImagePositionPatient == original.ImagePositionPatient
        assert copy.PatientID == original.PatientID
        assert copy.file_meta.TransferSyntaxUID == original.file_meta.TransferSyntaxUID
    blobs.put_bytes("headers/v1.json.gz", blob)
    assert (storage_root / "headers" / "v1.json.gz").is_file()
    loaded = load_headers(Volume(extra={HEADERS_KEY: "headers/v1.json.gz"}))
    assert [h.SOPInstanceUID for h in loaded] == [h.SOPInstanceUID for h in headers]
    assert load_headers(Volume(extra={})) == []
