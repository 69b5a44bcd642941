"""Per-reader quotas: the queue offers no more than the quota allows and a submission past it is refused."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.conftest import login


def _set_quota(client: TestClient, project_id: str, headers: dict[str, str], quota: int | None) -> None:
    radiologist = client.get("/api/auth/me", headers=login(client, "radiologist")).json()
    lead = client.get("/api/auth/me", headers=headers).json()
    response = client.put(
        f"/api/projects/{project_id}/members",
        json={"members": [{"user_id": radiologist["id"], "quota": quota}, {"user_id": lead["id"], "quota": None}]},
        headers=headers,
    )
    assert response.status_code == 200, response.text


class TestQuota:
    def test_submission_past_the_quota_is_refused_but_a_new_version_is_not(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        _set_quota(client, project_id, lead, 1)
        first, second = patients(client, project_id, reader, status="unlabeled")[:2]
        publish_round(project_id, [first["id"], second["id"]])
        accepted = submit(client, first["id"], reader, nifti_bytes(np.zeros(first["shape"], dtype=np.uint8)))
        assert accepted.status_code == 201
        again = submit(
            client, first["id"], reader, nifti_bytes(np.ones(first["shape"], dtype=np.uint8)), base_version="1"
        )
        assert again.status_code == 201 and again.json()["version"] == 2
        refused = submit(client, second["id"], reader, nifti_bytes(np.zeros(second["shape"], dtype=np.uint8)))
        assert refused.status_code == 409
        assert "quota" in refused.json()["detail"]
        assert patients(client, project_id, reader, id=second["id"])[0]["status"] == "unlabeled"
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"] == 1.0

    def test_queue_is_capped_by_the_quota_left(self, client: TestClient, demo: dict[str, str]) -> None:
        from tests.backend.test_round_flow import _run_pending_job

        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=lead).json()
        _run_pending_job(started["id"])
        assert len(client.get("/api/queue", headers=reader).json()) == 2
        _set_quota(client, project_id, lead, 1)
        assert len(client.get("/api/queue", headers=reader).json()) == 1
        _set_quota(client, project_id, lead, 0)
        assert client.get("/api/queue", headers=reader).json() == []
