"""Ground truth imported as hidden reference labels: the patient stays unlabelled, nobody is shown the label,
rounds never train on it, and a bad label stores nothing (API, CLI and the demo seed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, patients
from tests.conftest import SHARED_DATA, login

MSD = SHARED_DATA / "msd-hippocampus"
CASE = "hippocampus_019.nii.gz"


def _import(
    client: TestClient, project_id: str, headers: dict[str, str], image: bytes, label: bytes, **form: str
) -> Any:
    return client.post(
        f"/api/projects/{project_id}/imports",
        files=[
            ("files", ("case.nii.gz", image, "application/gzip")),
            ("labels", ("case.nii.gz", label, "application/gzip")),
        ],
        data={"reference_labels": "true", **form},
        headers=headers,
    )


def _stored() -> set[Path]:
    from backend.core.config import get_settings

    return set(Path(get_settings().storage_root).rglob("*.nii.gz"))


def _rows(patient_external_id: str) -> tuple[int, int]:
    """(reference labels, annotations) stored for the patient."""
    from sqlalchemy import func, select

    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, ReferenceLabel

    with session_scope() as session:
        patient_id = session.scalar(select(Patient.id).where(Patient.external_id == patient_external_id))
        references = session.scalar(
            select(func.count()).select_from(ReferenceLabel).where(ReferenceLabel.patient_id == patient_id)
        )
        annotations = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.patient_id == patient_id)
        )
        return references or 0, annotations or 0


class TestApiImport:
    def test_reference_label_keeps_the_patient_unlabelled_and_hidden(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, radiologist = login(client, "lead"), login(client, "radiologist")
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[
                ("files", (CASE, (MSD / "imagesTr" / CASE).read_bytes(), "application/gzip")),
                ("labels", (CASE, (MSD / "labelsTr" / CASE).read_bytes(), "application/gzip")),
            ],
            data={"reference_labels": "true"},
            headers=lead,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        [patient] = body["patients"]
        assert body["reference_labels"] == 1
        assert (patient["split"], patient["status"], patient["annotation_version"]) == ("pool", "unlabeled", None)
        assert _rows("hippocampus_019") == (1, 0)
        assert any(p.parts[-2] == "reference" for p in _stored())
        # Nothing a reader can call returns it: no annotation, no mask, no prediction, an unlabelled patient.
        for headers in (radiologist, lead):
            assert client.get(f"/api/patients/{patient['id']}/annotations", headers=headers).json() == []
            detail = client.get(f"/api/patients/{patient['id']}", headers=headers).json()
            assert detail["annotation_version"] is None and detail["status"] == "unlabeled"
            assert client.get(f"/api/patients/{patient['id']}/prediction", headers=headers).status_code == 404
        listed = client.get(f"/api/projects/{demo['project_id']}/annotations", headers=lead).json()
        assert patient["id"] not in {row.get("patient_id") for row in listed}
        paths = client.get("/openapi.json").json()["paths"]
        assert not [path for path in paths if "reference" in path]

    @pytest.mark.parametrize(
        ("label", "detail"),
        [
            (np.zeros((3, 3, 3), dtype=np.uint8), "shape"),
            (np.full((2, 2, 2), 7, dtype=np.uint8), "label values"),
        ],
        ids=["wrong-shape", "unknown-label-value"],
    )
    def test_bad_reference_label_is_refused_and_stores_nothing(
        self, client: TestClient, demo: dict[str, str], label: np.ndarray, detail: str
    ) -> None:
        lead = login(client, "lead")
        before_files, before_patients = _stored(), len(patients(client, demo["project_id"], lead))
        image = nifti_bytes(np.ones((2, 2, 2), dtype=np.int16))
        response = _import(client, demo["project_id"], lead, image, nifti_bytes(label))
        assert 400 <= response.status_code < 500, response.text
        assert detail in response.json()["detail"]
        assert _stored() == before_files
        assert len(patients(client, demo["project_id"], lead)) == before_patients
        assert _rows("case") == (0, 0)

    def test_reference_labels_need_labels_and_the_pool(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        image = nifti_bytes(np.ones((2, 2, 2), dtype=np.int16))
        validation = _import(
            client, demo["project_id"], lead, image, nifti_bytes(np.ones((2, 2, 2), np.uint8)), split="validation"
        )
        assert validation.status_code == 400 and "pool patients only" in validation.json()["detail"]
        unlabelled = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", ("case.nii.gz", image, "application/gzip"))],
            data={"reference_labels": "true"},
            headers=lead,
        )
        assert unlabelled.status_code == 400 and "no label files" in unlabelled.json()["detail"]

    def test_radiologist_cannot_import_reference_labels(self, client: TestClient, demo: dict[str, str]) -> None:
        image = nifti_bytes(np.ones((2, 2, 2), dtype=np.int16))
        response = _import(client, demo["project_id"], login(client, "radiologist"), image, image)
        assert response.status_code == 403


class TestCliImport:
    def test_cli_flag_stores_a_reference_label(self, client: TestClient, demo: dict[str, str]) -> None:
        from backend import cli
        from backend.demo import DEMO_PROJECT

        code = cli.main(
            [
                "import",
                "--project",
                DEMO_PROJECT,
                "--reference-labels",
                str(MSD / "imagesTr" / CASE),
                "--labels",
                str(MSD / "labelsTr" / CASE),
            ]
        )
        assert code == 0
        [patient] = patients(client, demo["project_id"], login(client, "lead"), external_id="hippocampus_019")
        assert (patient["status"], patient["annotation_version"]) == ("unlabeled", None)
        assert _rows("hippocampus_019") == (1, 0)

    def test_cli_refuses_a_bad_label_and_stores_nothing(
        self, client: TestClient, demo: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from backend import cli
        from backend.demo import DEMO_PROJECT

        (tmp_path / "images").mkdir()
        (tmp_path / "labels").mkdir()
        (tmp_path / "images" / "case.nii.gz").write_bytes(nifti_bytes(np.ones((2, 2, 2), dtype=np.int16)))
        (tmp_path / "labels" / "case.nii.gz").write_bytes(nifti_bytes(np.full((2, 2, 2), 9, dtype=np.uint8)))
        before = _stored()
        code = cli.main(
            [
                "import",
                "--project",
                DEMO_PROJECT,
                "--reference-labels",
                str(tmp_path / "images" / "case.nii.gz"),
                "--labels",
                str(tmp_path / "labels" / "case.nii.gz"),
            ]
        )
        assert code == 2
        assert "label values [9]" in capsys.readouterr().err
        assert _stored() == before
        assert patients(client, demo["project_id"], login(client, "lead"), external_id="case") == []


class TestDemoAndRounds:
    def test_demo_pool_has_hidden_ground_truth_that_rounds_never_load(self, demo: dict[str, str]) -> None:
        import uuid

        from sqlalchemy import delete, select

        from backend import demo as demo_module
        from backend.db.session import session_scope
        from backend.models import Patient, Project, ReferenceLabel
        from worker.tasks.data import load_round_data

        def referenced() -> list[str]:
            with session_scope() as session:
                return sorted(
                    session.scalars(
                        select(Patient.external_id).join(ReferenceLabel, ReferenceLabel.patient_id == Patient.id)
                    )
                )

        first = referenced()
        assert len(first) == 4
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(demo["project_id"]))
            assert project is not None
            data = load_round_data(session, project)
            assert sorted(p.external_id for p in data.pool) == first
            assert all(p.label is None for p in data.pool)
            assert len(data.train) == 4 and not set(first) & {p.external_id for p in data.train}
        with session_scope() as session:
            demo_module.seed(session)  # again: nothing is added twice
        assert referenced() == first
        with session_scope() as session:
            session.execute(delete(ReferenceLabel))  # a demo seeded before reference labels existed
        with session_scope() as session:
            demo_module.seed(session)
        assert referenced() == first
