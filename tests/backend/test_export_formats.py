"""Training-dataset exports (issue 14): nnU-Net v2 and MSD layouts of a project, accepted labels only, case names
that are pseudonyms, labels renumbered to nnU-Net's consecutive values. nnU-Net's own integrity check runs on
these exports in ``python -m benchmarks.system.nnunet_check`` (nnU-Net is too heavy a test dependency)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, read_nifti
from tests.conftest import SHARED_DATA, login

TCIA_STUDY = SHARED_DATA / "tcia-brain-tumor-dicom" / "PGBM-003"
MSD = SHARED_DATA / "msd-hippocampus"


def _export(client: TestClient, project_id: str, headers: dict[str, str], **params: Any) -> zipfile.ZipFile:
    response = client.get(f"/api/projects/{project_id}/export", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _stored(patient_id: str) -> tuple[bytes, np.ndarray | None]:
    """A patient's stored image bytes and accepted mask (None when unlabelled)."""
    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, Volume
    from backend.storage import blobs

    with session_scope() as session:
        patient = session.get(Patient, uuid.UUID(patient_id))
        assert patient is not None
        volume = session.get(Volume, patient.primary_volume_id)
        assert volume is not None
        annotation = session.get(Annotation, patient.accepted_annotation_id) if patient.accepted_annotation_id else None
        mask = read_nifti(blobs.read_bytes(annotation.storage_key)) if annotation else None
        return blobs.read_bytes(volume.storage_key), mask


def _import_dicom(client: TestClient, project_id: str, headers: dict[str, str]) -> dict[str, Any]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(TCIA_STUDY.rglob("*.dcm")):
            archive.write(path, str(path.relative_to(TCIA_STUDY)))
    response = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", ("study.zip", buffer.getvalue(), "application/zip"))],
        headers=headers,
    )
    assert response.status_code == 201, response.text
    patient: dict[str, Any] = response.json()["patients"][0]
    return patient


class TestNnUnet:
    def test_layout_dataset_json_and_voxels(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id, lead = demo["project_id"], login(client, "lead")
        dicom = _import_dicom(client, project_id, lead)
        assert dicom["external_id"].startswith("P-")
        archive = _export(client, project_id, lead, format="nnunet")
        names = archive.namelist()
        top = "Dataset500_HippocampusMRIdemo"
        assert all(name.startswith(f"{top}/") for name in names)
        patients = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
        labelled = sorted(p["external_id"] for p in patients if p["status"] == "annotated")
        unlabelled = sorted(p["external_id"] for p in patients if p["status"] != "annotated")
        assert len(labelled) == 7 and len(unlabelled) == 4  # the demo's 6 + the TCIA study; 4 in the pool
        assert sorted(n for n in names if "/imagesTr/" in n) == [f"{top}/imagesTr/{c}_0000.nii.gz" for c in labelled]
        assert sorted(n for n in names if "/labelsTr/" in n) == [f"{top}/labelsTr/{c}.nii.gz" for c in labelled]
        assert sorted(n for n in names if "/imagesTs/" in n) == [f"{top}/imagesTs/{c}_0000.nii.gz" for c in unlabelled]
        meta = json.loads(archive.read(f"{top}/dataset.json"))
        assert meta["channel_names"] == {"0": "MR"}
        assert meta["labels"] == {"background": 0, "anterior": 1, "posterior": 2}
        assert (meta["numTraining"], meta["file_ending"]) == (7, ".nii.gz")
        # images are the stored volumes, labels the accepted masks; the pool's hidden reference labels stay hidden
        for patient in patients:
            image, mask = _stored(patient["id"])
            case = patient["external_id"]
            if mask is None:
                assert archive.read(f"{top}/imagesTs/{case}_0000.nii.gz") == image
                continue
            assert archive.read(f"{top}/imagesTr/{case}_0000.nii.gz") == image
            exported = read_nifti(archive.read(f"{top}/labelsTr/{case}.nii.gz"))
            np.testing.assert_array_equal(exported, mask)
        assert "PGBM-003" not in " ".join(names) + json.dumps(meta)

    def test_labels_are_renumbered_consecutively_and_names_are_pseudonyms(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        body = {
            "name": "Sparse labels",
            "modality": "MR",
            "labels": [
                {"value": 7, "name": "posterior", "color": "#00ff00"},
                {"value": 3, "name": "anterior", "color": "#ff0000"},
            ],
            "cost_per_patient": 1,
            "budget_total": 10,
            "deidentify": False,
        }
        project_id = client.post("/api/projects", json=body, headers=lead).json()["id"]
        name = "hippocampus_019.nii.gz"
        response = client.post(
            f"/api/projects/{project_id}/imports",
            files=[("files", (name, (MSD / "imagesTr" / name).read_bytes(), "application/gzip"))],
            headers=lead,
        )
        assert response.status_code == 201, response.text
        patient = response.json()["patients"][0]
        msd_label = read_nifti((MSD / "labelsTr" / name).read_bytes()).astype(np.uint8)
        sparse = np.select([msd_label == 1, msd_label == 2], [3, 7], 0).astype(np.uint8)
        response = client.post(
            f"/api/patients/{patient['id']}/ground-truth",
            files={"mask": ("mask.nii.gz", nifti_bytes(sparse), "application/gzip")},
            data={"reason": "sparse label values"},
            headers=lead,
        )
        assert response.status_code == 201, response.text
        archive = _export(client, project_id, lead, format="nnunet", dataset_id=7)
        [labels_entry] = [n for n in archive.namelist() if "/labelsTr/" in n]
        case = labels_entry.rsplit("/", 1)[1].removesuffix(".nii.gz")
        assert case.startswith("P-") and "hippocampus" not in " ".join(
            archive.namelist()
        )  # not de-identified at import
        meta = json.loads(archive.read("Dataset007_Sparselabels/dataset.json"))
        assert meta["labels"] == {"background": 0, "anterior": 1, "posterior": 2}
        assert meta["radloop_label_values"] == {"anterior": 3, "posterior": 7}
        np.testing.assert_array_equal(read_nifti(archive.read(labels_entry)), msd_label)


class TestMsd:
    def test_task_layout_and_dataset_json(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id, lead = demo["project_id"], login(client, "lead")
        archive = _export(client, project_id, lead, format="msd", dataset_id=4)
        top = "Task04_HippocampusMRIdemo"
        meta = json.loads(archive.read(f"{top}/dataset.json"))
        assert meta["labels"] == {"0": "background", "1": "anterior", "2": "posterior"}
        assert (meta["tensorImageSize"], meta["modality"]) == ("3D", {"0": "MR"})
        assert (meta["numTraining"], meta["numTest"]) == (6, 4)
        names = set(archive.namelist())
        for item in meta["training"]:
            assert {f"{top}/{item['image'][2:]}", f"{top}/{item['label'][2:]}"} <= names
            assert item["image"].startswith("./imagesTr/") and not item["image"].endswith("_0000.nii.gz")
        assert {f"{top}/{path[2:]}" for path in meta["test"]} == {n for n in names if "/imagesTs/" in n}


class TestRules:
    def test_format_is_checked_and_lead_only(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        url = f"/api/projects/{project_id}/export"
        assert client.get(url, params={"format": "dicom"}, headers=lead).status_code == 422
        assert client.get(url, params={"format": "nnunet", "dataset_id": 0}, headers=lead).status_code == 422
        assert client.get(url, params={"format": "nnunet"}, headers=reader).status_code == 403
        default = _export(client, project_id, lead)
        assert "manifest.csv" in default.namelist()
