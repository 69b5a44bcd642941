from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from backend.core.errors import BadInput
from backend.deid.redact import REMOVED, redact, text_values_in_files
from backend.ingest.dicom import load_dicom_files

_T1 = next(
    Path(__file__)
    .resolve()
    .parents[2]
    .parent.joinpath("shared/data/tcia-brain-tumor-dicom/PGBM-003")
    .glob("*/*T1post*")
)


def test_identifiers_and_name_parts_are_removed_whatever_their_case() -> None:
    message = "series 'Brain of SMITH' of patient PGBM-002: 3.dcm and 4.dcm lie at the same position (John Smith)"
    out = redact(message, ["PGBM-002", "Smith^John", "Brain of SMITH", ""])
    assert "PGBM-002" not in out and "smith" not in out.lower() and "John" not in out
    assert out.count(REMOVED) == 4 and "3.dcm and 4.dcm lie at the same position" in out


def test_short_name_parts_do_not_erase_other_words() -> None:
    assert redact("patient Li^Al is in study 7", ["Li^Al"]) == f"patient {REMOVED} is in study 7"
    assert redact("a message without them", ["Li^Al"]) == "a message without them"


def test_a_reader_refusal_about_files_loses_every_header_text_of_those_files(tmp_path: Path) -> None:
    """The PACS importer keeps a refused patient's message in the job result: the real PatientID, name and
    series description the reader quoted must be taken out, using only the refused files themselves."""
    series = sorted(_T1.rglob("*.dcm"))[:2]
    for i, source in enumerate(series):
        ds = pydicom.dcmread(source)
        ds.PatientID, ds.PatientName, ds.SeriesDescription = "HOSP-778812", "Doe^Jane", "Brain of Jane Doe"
        if i == 1:
            ds.ImagePositionPatient = list(pydicom.dcmread(series[0]).ImagePositionPatient)  # same position: refused
        ds.save_as(tmp_path / f"{i}.dcm")
    with pytest.raises(BadInput) as refused:
        load_dicom_files(sorted(tmp_path.glob("*.dcm")))
    message = str(refused.value)
    assert "HOSP-778812" in message  # what the uploader is told: the reader names what it refused
    out = redact(message, text_values_in_files(tmp_path))
    assert "HOSP-778812" not in out and "jane" not in out.lower() and "doe" not in out.lower(), out
    assert REMOVED in out
