from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, patients, publish_round, read_nifti, submit
from tests.conftest import login


@pytest.fixture
def unlabeled(client: TestClient, demo: dict[str, str]) -> dict[str, object]:
    headers = login(client, "radiologist")
    pool = patients(client, demo["project_id"], headers, status="unlabeled", split="pool")
    publish_round(demo["project_id"], [p["id"] for p in pool])
    patient = pool[0]
    return {"headers": headers, "patient": patient, "project_id": demo["project_id"]}


def _state(client: TestClient, ctx: dict[str, object]) -> tuple[float, int | None]:
    headers = ctx["headers"]
    patient = ctx["patient"]
    project = client.get(f"/api/projects/{ctx['project_id']}", headers=headers).json()  # type: ignore[arg-type]
    detail = client.get(f"/api/patients/{patient['id']}", headers=headers).json()  # type: ignore[index,arg-type]
    return project["budget_remaining"], detail["annotation_version"]


class TestSubmit:
    def test_accepts_a_mask_debits_once_and_keeps_every_version(
        self, client: TestClient, unlabeled: dict[str, object]
    ) -> None:
        headers, patient = unlabeled["headers"], unlabeled["patient"]
        mask = np.zeros(patient["shape"], dtype=np.uint8)  # type: ignore[index]
        mask[5:10, 5:10, 5:10] = 1
        first = submit(client, patient["id"], headers, nifti_bytes(mask), time_spent_s="42.5")  # type: ignore[index,arg-type]
        assert first.status_code == 201, first.text
        assert first.json()["version"] == 1
        assert first.json()["budget_remaining"] == 9.0
        mask[0:2, 0:2, 0:2] = 2
        second = submit(client, patient["id"], headers, nifti_bytes(mask, compress=False), base_version="1")  # type: ignore[index,arg-type]
        assert second.status_code == 201
        assert second.json()["version"] == 2
        assert second.json()["budget_remaining"] == 9.0  # a correction is not charged twice
        versions = client.get(f"/api/patients/{patient['id']}/annotations", headers=headers).json()  # type: ignore[index,arg-type]
        assert [v["version"] for v in versions] == [1, 2]
        assert versions[0]["time_spent_s"] == 42.5 and versions[0]["author"] == "radiologist"
        stored = read_nifti(client.get(f"/api/annotations/{versions[1]['id']}/mask", headers=headers).content)  # type: ignore[arg-type]
        assert np.array_equal(stored, mask)

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            (b"", "empty"),
            (b"this is not an image at all", "NIfTI"),
            (nifti_bytes(np.zeros((3, 3, 3), dtype=np.uint8)), "does not match the image shape"),
            (nifti_bytes(np.zeros((3, 3, 3), dtype=np.uint8))[:-20], "NIfTI"),
        ],
        ids=["empty", "not-nifti", "wrong-shape", "truncated"],
    )
    def test_bad_mask_is_rejected_and_stores_nothing(
        self, client: TestClient, unlabeled: dict[str, object], payload: bytes, message: str
    ) -> None:
        before = _state(client, unlabeled)
        response = submit(client, unlabeled["patient"]["id"], unlabeled["headers"], payload)  # type: ignore[index,arg-type]
        assert response.status_code == 400, response.text
        assert message in response.json()["detail"]
        assert _state(client, unlabeled) == before

    def test_unknown_label_values_are_rejected(self, client: TestClient, unlabeled: dict[str, object]) -> None:
        patient = unlabeled["patient"]
        mask = np.zeros(patient["shape"], dtype=np.uint8)  # type: ignore[index]
        mask[1, 1, 1] = 7
        response = submit(client, patient["id"], unlabeled["headers"], nifti_bytes(mask))  # type: ignore[index,arg-type]
        assert response.status_code == 400
        assert "[7]" in response.json()["detail"]

    def test_missing_mask_field_is_422(self, client: TestClient, unlabeled: dict[str, object]) -> None:
        response = client.post(
            f"/api/patients/{unlabeled['patient']['id']}/annotations",
            headers=unlabeled["headers"],  # type: ignore[index]
        )
        assert response.status_code == 422
        assert "mask" in response.json()["detail"]

    def test_unknown_patient_is_404(self, client: TestClient, unlabeled: dict[str, object]) -> None:
        response = submit(
            client,
            "00000000-0000-0000-0000-000000000000",
            unlabeled["headers"],
            nifti_bytes(np.zeros((2, 2, 2))),  # type: ignore[arg-type]
        )
        assert response.status_code == 404

    def test_budget_cannot_be_overspent(self, client: TestClient, unlabeled: dict[str, object]) -> None:
        lead = login(client, "lead")
        project_id = unlabeled["project_id"]
        client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": 1}, headers=lead)
        pool = patients(client, project_id, unlabeled["headers"], status="unlabeled")  # type: ignore[arg-type]
        codes = []
        for patient in pool[:2]:
            mask = nifti_bytes(np.zeros(patient["shape"], dtype=np.uint8))
            codes.append(submit(client, patient["id"], unlabeled["headers"], mask).status_code)  # type: ignore[arg-type]
        assert codes == [201, 409]
        project = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert project["budget_spent"] == 1.0 and project["budget_remaining"] == 0.0
        assert len(patients(client, project_id, lead, status="unlabeled")) == len(pool) - 1  # type: ignore[arg-type]
