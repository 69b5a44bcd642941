"""Shared fixtures for the ingestion tests: paths to the real data sets and volumes loaded once per session.

The data lives outside the repository (``RADLOOP_DATA_DIR``, default /work/shared/data) and is never
written to; tests that need to alter files copy them under ``tmp_path`` first.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nibabel as nib
import pytest

from backend.ingest.plan import plan_import
from backend.ingest.volume import LoadedVolume, PatientImport, StudyImport

DATA = Path(os.environ.get("RADLOOP_DATA_DIR", str(Path(__file__).resolve().parents[2].parent / "shared" / "data")))
TCIA = DATA / "tcia-brain-tumor-dicom"
HIPPOCROP = DATA / "hippocrop-dicom"
MSD = DATA / "msd-hippocampus"
POLYP = DATA / "polyp-cvc-clinicdb"
ISBI = DATA / "isbi2012-em-membrane"

# One TCIA study (spaces in the folder name, as in the TCIA download layout).
TCIA_STUDY = TCIA / "PGBM-001" / "04-02-1992-FH-HEADBrain Protocols-79896"
TCIA_T1 = TCIA_STUDY / "11-T1post-80644"
TCIA_FLAIR = TCIA_STUDY / "35623-FLAIRreg-79237"
TCIA_MASK = TCIA_STUDY / "5388-MaskTumor-63335"


def dcm_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.dcm"))


def nii(path: Path) -> nib.Nifti1Image:
    """nib.load typed as the NIfTI image it is for these files."""
    img = nib.load(path)
    assert isinstance(img, nib.Nifti1Image)
    return img


def label_of(study: StudyImport) -> LoadedVolume:
    """The study's label, failing the test when the import did not attach one."""
    assert study.label is not None, f"study {study.description} has no label"
    return study.label


def copy_folder(src: Path, dest: Path) -> Path:
    """Copy a read-only data folder so a test may modify its files."""
    shutil.copytree(src, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dest


@pytest.fixture(scope="session")
def tcia_patients(tmp_path_factory: pytest.TempPathFactory) -> list[PatientImport]:
    """The whole TCIA folder planned once (about 1 s): every DICOM test reads from it."""
    return plan_import([TCIA], workdir=tmp_path_factory.mktemp("tcia-work"))
