"""plan_import on real uploads: DICOM folders and zips, MSD layouts, 2D sets, and the refusals."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest

from backend.core.errors import BadInput
from backend.ingest.plan import plan_import
from backend.ingest.volume import PatientImport, to_nifti
from tests.ingest.conftest import (
    HIPPOCROP,
    MSD,
    POLYP,
    TCIA_FLAIR,
    TCIA_MASK,
    TCIA_STUDY,
    TCIA_T1,
    copy_folder,
    dcm_files,
    label_of,
    nii,
)

CASES = ("hippocampus_001", "hippocampus_003", "hippocampus_004")


def _zip_tree(archive: Path, files: dict[str, Path]) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, src in files.items():
            zf.write(src, name)
    return archive


def _msd_zip(archive: Path, cases: tuple[str, ...] = CASES) -> Path:
    files = {"Task04/dataset.json": MSD / "dataset.json"}
    for case in cases:
        files[f"Task04/imagesTr/{case}.nii.gz"] = MSD / "imagesTr" / f"{case}.nii.gz"
        files[f"Task04/labelsTr/{case}.nii.gz"] = MSD / "labelsTr" / f"{case}.nii.gz"
    return _zip_tree(archive, files)


class TestPlanImportDicom:
    def test_tcia_folder_gives_three_patients_and_four_studies(self, tcia_patients: list[PatientImport]) -> None:
        assert [p.external_id for p in tcia_patients] == ["PGBM-001", "PGBM-003", "PGBM-008"]
        assert [len(p.studies) for p in tcia_patients] == [2, 1, 1]

    def test_primary_image_is_the_lowest_series_number(self, tcia_patients: list[PatientImport]) -> None:
        for study in (s for p in tcia_patients for s in p.studies):
            assert [v.description for v in study.images] == ["T1post", "FLAIR_reg"]

    def test_every_study_has_its_mask_series_as_label(self, tcia_patients: list[PatientImport]) -> None:
        for study in (s for p in tcia_patients for s in p.studies):
            label = label_of(study)
            assert label.is_label and label.data.dtype == np.uint8
            assert label.shape == study.images[0].shape
            assert label.shape[:2] in {(260, 320), (280, 320)} and 22 <= label.shape[2] <= 25
            assert set(np.unique(label.data).tolist()) == {0, 1}
            assert np.allclose(label.affine, study.images[0].affine, atol=1e-3)

    def test_world_z_increases_with_slice_index(self, tcia_patients: list[PatientImport]) -> None:
        for vol in (s.images[0] for p in tcia_patients for s in p.studies):
            z = [(vol.affine @ np.array([0, 0, k, 1.0]))[2] for k in range(vol.shape[2])]
            assert np.all(np.diff(z) > 0)
            assert nib.aff2axcodes(vol.affine) == ("L", "P", "S")

    def test_zipped_study_with_spaces_in_names_matches_the_folder(self, tmp_path: Path) -> None:
        files = {
            f"{TCIA_STUDY.name}/{series.name}/{f.name}": f
            for series in (TCIA_T1, TCIA_FLAIR, TCIA_MASK)
            for f in dcm_files(series)
        }
        archive = _zip_tree(tmp_path / "PGBM 001 study.zip", files)
        (patient,) = plan_import([archive], workdir=tmp_path / "work")
        (study,) = patient.studies
        (direct_patient,) = plan_import([TCIA_STUDY], workdir=tmp_path / "direct")
        (direct,) = direct_patient.studies
        assert patient.external_id == "PGBM-001"
        assert np.array_equal(study.images[0].data, direct.images[0].data)
        assert int(label_of(study).data.sum()) == int(label_of(direct).data.sum()) > 0

    def test_hippocrop_series_are_unlabelled_patients(self, tmp_path: Path) -> None:
        patients = plan_import([HIPPOCROP], workdir=tmp_path)  # its README.md is skipped as a sidecar
        assert [p.external_id for p in patients] == ["PGBM-002", "PGBM-003", "PGBM-006"]
        assert all(len(p.studies) == 1 and p.studies[0].label is None for p in patients)

    def test_mask_on_another_grid_is_refused(self, tmp_path: Path) -> None:
        copy_folder(TCIA_T1, tmp_path / "up" / "t1")
        mask = copy_folder(TCIA_MASK, tmp_path / "up" / "mask")
        for path in dcm_files(mask):
            ds = pydicom.dcmread(path)
            ds.ImagePositionPatient = [float(v) + 10.0 for v in ds.ImagePositionPatient]
            ds.save_as(path)
        with pytest.raises(BadInput, match="different position or orientation"):
            plan_import([tmp_path / "up"], workdir=tmp_path / "work")

    def test_mask_series_without_its_image_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(BadInput, match="without its image series"):
            plan_import(dcm_files(TCIA_MASK), workdir=tmp_path)

    def test_non_dicom_renamed_dcm_is_refused_by_name(self, tmp_path: Path) -> None:
        fake = tmp_path / "000099.dcm"
        shutil.copy(MSD / "dataset.json", fake)
        with pytest.raises(BadInput, match="000099.dcm is not a DICOM file"):
            plan_import([*dcm_files(TCIA_T1), fake], workdir=tmp_path / "work")


class TestPlanImportNifti:
    def test_msd_zip_pairs_images_with_labels(self, tmp_path: Path) -> None:
        patients = plan_import([_msd_zip(tmp_path / "task04.zip")], workdir=tmp_path / "work")
        assert [p.external_id for p in patients] == list(CASES)
        for patient in patients:
            (study,) = patient.studies
            image = nii(MSD / "imagesTr" / f"{patient.external_id}.nii.gz")
            assert study.images[0].shape == image.shape
            assert label_of(study).shape == image.shape
            assert set(np.unique(label_of(study).data).tolist()) == {0, 1, 2}

    def test_labels_given_separately_are_matched_by_file_name(self, tmp_path: Path) -> None:
        images = [MSD / "imagesTr" / f"{c}.nii.gz" for c in CASES]
        labels = [MSD / "labelsTr" / f"{c}.nii.gz" for c in reversed(CASES)]
        patients = plan_import(images, labels, workdir=tmp_path)
        for patient in patients:
            expected = nii(MSD / "labelsTr" / f"{patient.external_id}.nii.gz")
            assert np.array_equal(label_of(patient.studies[0]).data, np.asanyarray(expected.dataobj))

    def test_image_without_label_stays_unlabelled(self, tmp_path: Path) -> None:
        (patient,) = plan_import([MSD / "imagesTr" / "hippocampus_001.nii.gz"], workdir=tmp_path)
        assert patient.studies[0].label is None

    def test_label_of_the_wrong_shape_is_refused(self, tmp_path: Path) -> None:
        wrong = tmp_path / "labels" / "hippocampus_001.nii.gz"
        wrong.parent.mkdir()
        shutil.copy(MSD / "labelsTr" / "hippocampus_003.nii.gz", wrong)  # another patient's grid
        assert nii(wrong).shape != nii(MSD / "imagesTr" / "hippocampus_001.nii.gz").shape
        with pytest.raises(BadInput, match="hippocampus_001.nii.gz has shape"):
            plan_import([MSD / "imagesTr" / "hippocampus_001.nii.gz"], [wrong], workdir=tmp_path / "work")

    def test_label_with_non_integer_values_is_refused(self, tmp_path: Path) -> None:
        image = nii(MSD / "imagesTr" / "hippocampus_001.nii.gz")
        soft = tmp_path / "hippocampus_001.nii.gz"
        nib.save(nib.Nifti1Image(np.full(image.shape, 0.3, np.float32), image.affine), soft)
        with pytest.raises(BadInput, match="non-integer"):
            plan_import([MSD / "imagesTr" / "hippocampus_001.nii.gz"], [soft], workdir=tmp_path / "work")

    def test_label_matching_no_image_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(BadInput, match="hippocampus_003.nii.gz matches no image"):
            plan_import(
                [MSD / "imagesTr" / "hippocampus_001.nii.gz"],
                [MSD / "labelsTr" / "hippocampus_003.nii.gz"],
                workdir=tmp_path,
            )

    def test_truncated_nifti_is_refused_by_name(self, tmp_path: Path) -> None:
        blob = (MSD / "imagesTr" / "hippocampus_004.nii.gz").read_bytes()
        cut = tmp_path / "hippocampus_004.nii.gz"
        cut.write_bytes(blob[: len(blob) // 2])
        with pytest.raises(BadInput, match="hippocampus_004.nii.gz is truncated or corrupt"):
            plan_import([cut], workdir=tmp_path / "work")

    def test_stored_nifti_round_trips(self, tmp_path: Path) -> None:
        (patient,) = plan_import([_msd_zip(tmp_path / "one.zip", CASES[:1])], workdir=tmp_path / "work")
        study = patient.studies[0]
        for vol, dtype in ((study.images[0], np.uint8), (label_of(study), np.uint8)):
            path = tmp_path / f"{vol.is_label}.nii.gz"
            nib.save(to_nifti(vol), path)
            back = nii(path)
            assert back.get_data_dtype() == dtype
            assert np.array_equal(np.asanyarray(back.dataobj), vol.data)
            assert np.allclose(back.affine, vol.affine)


class TestPlanImport2d:
    def test_images_and_masks_folders_pair_by_name(self, tmp_path: Path) -> None:
        files = {f"cvc/{kind}/{n}.jpg": POLYP / kind / f"{n}.jpg" for kind in ("images", "masks") for n in (1, 2)}
        patients = plan_import([_zip_tree(tmp_path / "cvc.zip", files)], workdir=tmp_path / "work")
        assert [p.external_id for p in patients] == ["1", "2"]
        for patient in patients:
            study = patient.studies[0]
            assert study.images[0].shape == label_of(study).shape == (256, 256, 1)
            assert set(np.unique(label_of(study).data).tolist()) == {0, 1}


class TestPlanImportRefusals:
    def test_empty_upload_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(BadInput, match="empty"):
            plan_import([], workdir=tmp_path)

    def test_zip_with_only_sidecars_is_refused(self, tmp_path: Path) -> None:
        archive = _zip_tree(tmp_path / "meta.zip", {"Task04/dataset.json": MSD / "dataset.json"})
        with pytest.raises(BadInput, match="no image files"):
            plan_import([archive], workdir=tmp_path / "work")

    def test_unknown_extension_is_refused_by_name(self, tmp_path: Path) -> None:
        doc = tmp_path / "report.docx"
        doc.write_bytes(b"PK\x03\x04 not really")
        with pytest.raises(BadInput, match="report.docx: unrecognised file type"):
            plan_import([doc], workdir=tmp_path / "work")

    def test_traversal_zip_writes_nothing_outside_workdir(self, tmp_path: Path) -> None:
        archive = tmp_path / "evil.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(MSD / "imagesTr" / "hippocampus_001.nii.gz", "hippocampus_001.nii.gz")
            zf.writestr("../evil.txt", b"pwned")
        work = tmp_path / "work"
        with pytest.raises(BadInput, match="evil.zip: entry '../evil.txt' points outside"):
            plan_import([archive], workdir=work)
        assert not (tmp_path / "evil.txt").exists()
        assert list(work.rglob("*")) == []

    def test_nested_archive_is_refused(self, tmp_path: Path) -> None:
        inner = _msd_zip(tmp_path / "inner.zip", CASES[:1])
        outer = _zip_tree(tmp_path / "outer.zip", {"inner.zip": inner})
        with pytest.raises(BadInput, match="archives inside archives"):
            plan_import([outer], workdir=tmp_path / "work")
