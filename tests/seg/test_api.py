"""DICOM SEG through the API on real DICOM imported by the upload route: download (de-identified), provenance,
coding, and the 4xx of what cannot have a SEG. The voxel proofs read the downloaded file back with highdicom."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import highdicom as hd
import numpy as np
import pydicom
from fastapi.testclient import TestClient

from backend.ingest.dicom import load_dicom_files
from tests.backend.helpers import nifti_bytes, publish_round, submit
from tests.conftest import login
from tests.seg.conftest import (
    HIPPOCROP_SERIES,
    MASK_DIR,
    T1_DIR,
    TCIA_STUDY,
    dciodvfy,
    dcm_files,
    mask_by_position,
    seg_frames_by_source,
    seg_on_grid,
    zip_files,
)

# What dciodvfy still warns about in a SEG of the TCIA series (warnings, not errors; each from the source study):
KNOWN_WARNINGS = (
    "needed to build DICOMDIR - Study ID",  # the source study has no StudyID, which the SEG copies
    "Retired Person Name form",  # a one-component PatientName (the pseudonym "P-..." or the TCIA "PGBM-003")
    "Unrecognized defined term <L> for value 1 of attribute <Coding Scheme Designator>",  # source procedure code
)


def _import(client: TestClient, project_id: str, headers: dict[str, str], files: list[Path], root: Path) -> str:
    response = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", ("study.zip", zip_files(files, root), "application/zip"))],
        headers=headers,
    )
    assert response.status_code == 201, response.text
    [patient] = response.json()["patients"]
    return str(patient["id"])


def _stored(patient_id: str) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """The patient's accepted mask as stored, its volume's affine, and facts about the annotation."""
    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, Volume
    from backend.storage import blobs, nifti_io

    with session_scope() as session:
        patient = session.get(Patient, uuid.UUID(patient_id))
        assert patient is not None and patient.accepted_annotation_id is not None
        annotation = session.get(Annotation, patient.accepted_annotation_id)
        assert annotation is not None
        volume = session.get(Volume, annotation.volume_id)
        assert volume is not None
        mask, _ = nifti_io.load_array(blobs.read_bytes(annotation.storage_key))
        facts = {
            "id": str(annotation.id),
            "version": annotation.version,
            "model_version": annotation.source_model_version_id,
            "external_id": patient.external_id,
        }
        return np.asarray(mask), np.asarray(volume.affine, dtype=float), facts


def _seg(client: TestClient, project_id: str, patient_id: str, headers: dict[str, str], path: Path) -> Any:
    response = client.get(f"/api/projects/{project_id}/patients/{patient_id}/seg", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/dicom"
    version = _stored(patient_id)[2]["version"]
    assert response.headers["content-disposition"].endswith(f'-seg-v{version}.dcm"')
    path.write_bytes(response.content)
    return hd.seg.segread(path)


def _add_prediction(project_id: str, round_id: str, patient_id: str) -> str:
    """A model version of the round with a prediction for the patient, as a finished round leaves them."""
    from backend.db.session import session_scope
    from backend.models import ModelVersion, Prediction

    with session_scope() as session:
        model = ModelVersion(
            project_id=uuid.UUID(project_id), round_id=uuid.UUID(round_id), storage_key="models/x.pt", sha256="0" * 64
        )
        session.add(model)
        session.flush()
        session.add(
            Prediction(
                round_id=uuid.UUID(round_id),
                patient_id=uuid.UUID(patient_id),
                model_version_id=model.id,
                mask_key="predictions/x.nii.gz",
            )
        )
        return str(model.id)


def _mask_on_volume_grid() -> np.ndarray:
    """The TCIA tumour mask as Radloop's reader stores it, plus label 2 drawn next to it."""
    volumes = load_dicom_files(dcm_files(T1_DIR) + dcm_files(MASK_DIR))
    [label] = [v for v in volumes if v.is_label]
    mask = np.asarray(label.data, dtype=np.uint8).copy()
    mask[150:190, 60:90, 8:14] = 2
    return mask


class TestDownload:
    def test_reader_edit_of_a_prediction_is_semiautomatic_with_provenance_and_every_label(
        self, client: TestClient, demo: dict[str, str], tmp_path: Path
    ) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        patient_id = _import(client, project_id, lead, dcm_files(T1_DIR), TCIA_STUDY)  # images only: unlabelled
        round_id = publish_round(project_id, [patient_id])
        model_version = _add_prediction(project_id, round_id, patient_id)
        mask = _mask_on_volume_grid()
        response = submit(client, patient_id, reader, nifti_bytes(mask), time_spent_s="187.5")
        assert response.status_code == 201, response.text

        seg = _seg(client, project_id, patient_id, lead, tmp_path / "seg.dcm")
        stored, affine, facts = _stored(patient_id)
        np.testing.assert_array_equal(stored, mask)
        assert str(facts["model_version"]) == model_version
        # every label, voxel for voxel, through the SEG's own geometry
        on_grid = seg_on_grid(seg, stored.shape, affine)
        for value in (1, 2):
            assert np.count_nonzero(stored == value) > 500
            np.testing.assert_array_equal(on_grid == value, stored == value, err_msg=f"label {value}")
        # and per source instance against the TCIA mask series at the same position (label 2 lies elsewhere)
        sources = [pydicom.dcmread(p, stop_before_pixels=True) for p in dcm_files(T1_DIR)]
        reference = mask_by_position(dcm_files(MASK_DIR))
        for ds, frame in seg_frames_by_source(seg, sources).items():
            source = next(s for s in sources if s.SOPInstanceUID == ds)
            expected = reference[tuple(round(float(v), 2) for v in source.ImagePositionPatient)]
            np.testing.assert_array_equal(frame == 1, expected == 1)
        assert {str(i.SeriesInstanceUID) for i in seg.ReferencedSeriesSequence} == {str(sources[0].SeriesInstanceUID)}
        assert seg.StudyInstanceUID == sources[0].StudyInstanceUID
        assert seg.FrameOfReferenceUID == sources[0].FrameOfReferenceUID

        # provenance: semi-automatic, model version, round and strategy, pseudonymous reader, active time
        assert [s.SegmentLabel for s in seg.SegmentSequence] == ["anterior", "posterior"]
        assert {s.SegmentAlgorithmType for s in seg.SegmentSequence} == {"SEMIAUTOMATIC"}
        algorithm = seg.SegmentSequence[0].SegmentationAlgorithmIdentificationSequence[0]
        assert (algorithm.AlgorithmName, algorithm.AlgorithmVersion) == ("Radloop UNet++", model_version)
        assert "round=1" in algorithm.AlgorithmParameters and "strategy=random" in algorithm.AlgorithmParameters
        creator = str(seg.ContentCreatorName)
        assert creator.startswith("reader-") and "radiologist" not in creator
        [radloop] = [e for e in seg.ContributingEquipmentSequence if e.Manufacturer == "Radloop"]
        assert "active time 188 s" in radloop.ContributionDescription
        assert seg.SeriesDescription == "Radloop SEG v1 (edited model prediction, round 1)"

        # de-identified: the pseudonym, never the real PatientID or the reader's username
        assert seg.PatientID == facts["external_id"] != "PGBM-003" and seg.PatientID.startswith("P-")
        raw = (tmp_path / "seg.dcm").read_bytes()
        assert b"PGBM-003" not in raw and b"radiologist" not in raw
        errors, warnings = dciodvfy(tmp_path / "seg.dcm")
        assert errors == [], errors
        assert all(any(known in w for known in KNOWN_WARNINGS) for w in warnings), warnings

    def test_imported_label_of_a_flipped_unordered_series_is_manual(
        self, client: TestClient, demo: dict[str, str], tmp_path: Path, flipped_study: Path
    ) -> None:
        project_id, lead = demo["project_id"], login(client, "lead")
        files = dcm_files(flipped_study / "T1post") + dcm_files(flipped_study / "MaskTumor")
        patient_id = _import(client, project_id, lead, files, flipped_study)
        seg = _seg(client, project_id, patient_id, lead, tmp_path / "seg.dcm")
        stored, affine, _ = _stored(patient_id)
        assert np.count_nonzero(stored) > 800
        np.testing.assert_array_equal(seg_on_grid(seg, stored.shape, affine), stored)
        sources = [pydicom.dcmread(p, stop_before_pixels=True) for p in dcm_files(flipped_study / "T1post")]
        reference = mask_by_position(dcm_files(flipped_study / "MaskTumor"))
        frames = seg_frames_by_source(seg, sources)
        for source in sources:
            expected = reference[tuple(round(float(v), 2) for v in source.ImagePositionPatient)]
            np.testing.assert_array_equal(frames[str(source.SOPInstanceUID)] == 1, expected == 1)
        assert {s.SegmentAlgorithmType for s in seg.SegmentSequence} == {"MANUAL"}
        assert "SegmentationAlgorithmIdentificationSequence" not in seg.SegmentSequence[0]
        assert seg.SeriesDescription == "Radloop SEG v1 (import label)"
        assert dciodvfy(tmp_path / "seg.dcm")[0] == []


class TestRefusals:
    def test_what_cannot_have_a_seg_is_a_clear_4xx(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        base = f"/api/projects/{project_id}/patients"
        patients = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
        nifti = next(p for p in patients if p["status"] == "annotated")
        unlabelled_dicom = _import(client, project_id, lead, dcm_files(HIPPOCROP_SERIES), HIPPOCROP_SERIES.parent)

        response = client.get(f"{base}/{nifti['id']}/seg", headers=lead)
        assert response.status_code == 409
        assert "SEG needs a DICOM source series" in response.json()["detail"]
        response = client.get(f"{base}/{unlabelled_dicom}/seg", headers=lead)
        assert response.status_code == 409 and "no accepted label" in response.json()["detail"]
        assert client.get(f"{base}/{nifti['id']}/seg", headers=reader).status_code == 403
        assert client.get(f"{base}/{uuid.uuid4()}/seg", headers=lead).status_code == 404
        assert client.get(f"/api/projects/{uuid.uuid4()}/patients/{nifti['id']}/seg", headers=lead).status_code == 404

        dicom_labelled = _import(client, project_id, lead, dcm_files(T1_DIR) + dcm_files(MASK_DIR), TCIA_STUDY)
        response = client.post(f"{base}/{dicom_labelled}/seg/send", headers=lead)
        assert response.status_code == 409 and "no PACS connection" in response.json()["detail"]

    def test_a_patient_of_another_project_is_not_found(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        body = {
            "name": "Other",
            "modality": "MR",
            "labels": [{"value": 1, "name": "tumour", "color": "#ff0000"}],
            "cost_per_patient": 1,
            "budget_total": 10,
        }
        other = client.post("/api/projects", json=body, headers=lead).json()["id"]
        patient_id = _import(client, demo["project_id"], lead, dcm_files(T1_DIR) + dcm_files(MASK_DIR), TCIA_STUDY)
        assert client.get(f"/api/projects/{other}/patients/{patient_id}/seg", headers=lead).status_code == 404


class TestCoding:
    def test_lead_chooses_snomed_codes_and_the_seg_uses_them(
        self, client: TestClient, demo: dict[str, str], tmp_path: Path
    ) -> None:
        project_id, lead = demo["project_id"], login(client, "lead")
        codes_url = f"/api/projects/{project_id}/seg/codes"
        defaults = client.get(codes_url, headers=lead).json()
        assert [(c["value"], c["category"]["code"], c["type"]["code"], c["default"]) for c in defaults] == [
            (1, "85756007", "85756007", True),
            (2, "85756007", "85756007", True),
        ]
        neoplasm = {
            "value": 1,
            "category": {"scheme": "SCT", "code": "49755003", "meaning": "Morphologically Abnormal Structure"},
            "type": {"scheme": "SCT", "code": "108369006", "meaning": "Neoplasm"},
        }
        response = client.put(codes_url, json={"labels": [neoplasm]}, headers=lead)
        assert response.status_code == 200, response.text
        assert [(c["value"], c["type"]["meaning"], c["default"]) for c in response.json()] == [
            (1, "Neoplasm", False),
            (2, "Tissue", True),
        ]
        project = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert project["labels"][0]["type"] == neoplasm["type"] and "type" not in project["labels"][1]

        patient_id = _import(client, project_id, lead, dcm_files(T1_DIR) + dcm_files(MASK_DIR), TCIA_STUDY)
        seg = _seg(client, project_id, patient_id, lead, tmp_path / "seg.dcm")
        [segment] = seg.SegmentSequence
        assert segment.SegmentedPropertyCategoryCodeSequence[0].CodeValue == "49755003"
        assert segment.SegmentedPropertyTypeCodeSequence[0].CodeMeaning == "Neoplasm"

        bad_code = {**neoplasm, "type": {"scheme": "SCT", "code": "tumour", "meaning": "Neoplasm"}}
        assert client.put(codes_url, json={"labels": [bad_code]}, headers=lead).status_code == 422
        unknown = {**neoplasm, "value": 9}
        response = client.put(codes_url, json={"labels": [unknown]}, headers=lead)
        assert response.status_code == 400 and "[9]" in response.json()["detail"]
        reset = client.put(codes_url, json={"labels": [{"value": 1}]}, headers=lead).json()
        assert reset[0]["default"] is True
        assert (
            client.put(codes_url, json={"labels": [neoplasm]}, headers=login(client, "radiologist")).status_code == 403
        )

    def test_a_project_is_created_with_coded_labels(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        label = {
            "value": 1,
            "name": "hippocampus",
            "color": "#ff0000",
            "category": {"scheme": "SCT", "code": "91723000", "meaning": "Anatomical Structure"},
            "type": {"scheme": "SCT", "code": "5366008", "meaning": "Hippocampus"},
        }
        body = {"name": "Coded", "modality": "MR", "labels": [label], "cost_per_patient": 1, "budget_total": 10}
        response = client.post("/api/projects", json=body, headers=lead)
        assert response.status_code == 201, response.text
        assert response.json()["labels"] == [label]
