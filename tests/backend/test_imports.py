"""Imports through the HTTP API on the real shared data, including bad inputs that must store nothing."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SHARED_DATA, login

TCIA_STUDY = SHARED_DATA / "tcia-brain-tumor-dicom" / "PGBM-003"
MSD = SHARED_DATA / "msd-hippocampus"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _count(client: TestClient, project_id: str, headers: dict[str, str]) -> int:
    return len(client.get(f"/api/projects/{project_id}/patients", headers=headers).json())


class TestImport:
    def test_dicom_zip_with_mask_series_becomes_an_annotated_patient(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        headers = login(client, "lead")
        files = {str(p.relative_to(TCIA_STUDY)): p.read_bytes() for p in sorted(TCIA_STUDY.rglob("*.dcm"))}
        # The project's labels are 1 and 2; the TCIA mask uses 1 (tumour), which fits.
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", ("study.zip", _zip(files), "application/zip"))],
            headers=headers,
        )
        assert response.status_code == 201, response.text
        [patient] = response.json()["patients"]
        # The demo project de-identifies DICOM (the default): the patient is known by its PatientID's pseudonym.
        from backend.db.session import session_scope
        from backend.deid import pseudonym
        from backend.models import Project

        with session_scope() as session:
            project = session.get(Project, uuid.UUID(demo["project_id"]))
            assert project is not None
            assert patient["external_id"] == pseudonym(project, "PGBM-003")
        assert patient["status"] == "annotated"
        assert patient["shape"][:2] in ([320, 280], [280, 320])

    def test_nifti_with_label_file(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        name = "hippocampus_019.nii.gz"
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[
                ("files", (name, (MSD / "imagesTr" / name).read_bytes(), "application/gzip")),
                ("labels", (name, (MSD / "labelsTr" / name).read_bytes(), "application/gzip")),
            ],
            data={"split": "validation"},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        [patient] = response.json()["patients"]
        assert (patient["split"], patient["status"]) == ("validation", "annotated")

    @pytest.mark.parametrize(
        ("name", "payload"),
        [
            ("scan.dcm", b"definitely not DICOM" * 20),
            ("truncated.nii.gz", (MSD / "imagesTr" / "hippocampus_019.nii.gz").read_bytes()[:3000]),
            ("evil.zip", _zip({"../evil.dcm": b"x" * 200})),
            ("notes.txt", b"hello"),
        ],
        ids=["non-dicom", "truncated-nifti", "zip-slip", "unknown-type"],
    )
    def test_bad_upload_is_rejected_and_stores_nothing(
        self, client: TestClient, demo: dict[str, str], name: str, payload: bytes
    ) -> None:
        headers = login(client, "lead")
        before = _count(client, demo["project_id"], headers)
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", (name, payload, "application/octet-stream"))],
            headers=headers,
        )
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]
        assert _count(client, demo["project_id"], headers) == before
        from backend.core.config import get_settings

        stored = list(Path(get_settings().storage_root).rglob("*.nii.gz"))
        previews = [path for path in stored if path.parent.name == "previews"]
        assert len(stored) - len(previews) == 20  # the demo's 10 volumes, 6 imported labels, 4 reference labels
        assert len(previews) == 10  # and the volumes' previews (backend.patient.preview), nothing more

    def test_duplicate_patient_is_a_conflict(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        name = "hippocampus_001.nii.gz"
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", (name, (MSD / "imagesTr" / name).read_bytes(), "application/gzip"))],
            headers=headers,
        )
        assert response.status_code == 409
        assert "hippocampus_001" in response.json()["detail"]

    def test_radiologist_cannot_import(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "radiologist")
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", ("a.nii.gz", b"x", "application/gzip"))],
            headers=headers,
        )
        assert response.status_code == 403
