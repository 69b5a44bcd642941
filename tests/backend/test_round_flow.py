"""The whole loop through the API, with the worker's task body run in-process (the broker is covered by
tests/worker): start a round, train, score, select, annotate from the queue."""

from __future__ import annotations

import uuid

import numpy as np
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, read_nifti, submit
from tests.conftest import login


def _run_pending_job(round_id: str) -> None:
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Job
    from worker.tasks.round import execute

    with session_scope() as session:
        job_id = session.scalar(select(Job.id).where(Job.round_id == uuid.UUID(round_id)))
    assert job_id is not None
    execute(job_id)


class TestRoundLoop:
    def test_round_selects_within_budget_and_queue_drains_on_annotation(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, radiologist = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=lead)
        assert started.status_code == 202, started.text
        assert started.json()["status"] == "created"
        again = client.post(f"/api/projects/{project_id}/rounds", json={}, headers=lead)
        assert again.status_code == 409
        assert client.get("/api/queue", headers=radiologist).json() == []

        _run_pending_job(started.json()["id"])

        round_ = client.get(f"/api/rounds/{started.json()['id']}", headers=lead).json()
        assert round_["status"] == "ready", round_
        assert round_["created_at"].endswith(("Z", "+00:00"))  # timezone-aware on SQLite too
        assert 0.0 <= round_["metrics"]["val_dice"] <= 1.0
        assert round_["metrics"]["n_scored"] == 4 and round_["metrics"]["n_selected"] == 2
        assert round_["progress"]["percent"] == 100
        scores = client.get(f"/api/rounds/{round_['id']}/scores", headers=lead).json()
        assert sorted(s["rank"] for s in scores) == [1, 2, 3, 4]
        assert sum(s["selected"] for s in scores) == 2

        queue = client.get("/api/queue", headers=radiologist).json()
        assert len(queue) == 2
        assert [item["rank"] for item in queue] == sorted(item["rank"] for item in queue)
        top = queue[0]
        detail = client.get(f"/api/patients/{top['patient_id']}", headers=radiologist).json()
        assert detail["has_prediction"] and detail["has_uncertainty"]
        volume = client.get(f"/api/patients/{top['patient_id']}/volume", headers=radiologist)
        assert volume.status_code == 200 and volume.headers["etag"]
        cached = client.get(
            f"/api/patients/{top['patient_id']}/volume",
            headers={**radiologist, "If-None-Match": volume.headers["etag"]},
        )
        assert cached.status_code == 304
        for kind in ("prediction", "uncertainty"):
            first = client.get(f"/api/patients/{top['patient_id']}/{kind}", headers=radiologist)
            again = client.get(
                f"/api/patients/{top['patient_id']}/{kind}",
                headers={**radiologist, "If-None-Match": first.headers["etag"]},
            )
            assert (first.status_code, again.status_code) == (200, 304)
        prediction = read_nifti(
            client.get(f"/api/patients/{top['patient_id']}/prediction", headers=radiologist).content
        )
        assert list(prediction.shape) == detail["shape"]
        uncertainty = read_nifti(
            client.get(f"/api/patients/{top['patient_id']}/uncertainty", headers=radiologist).content
        )
        assert uncertainty.shape == prediction.shape and np.isfinite(uncertainty).all()

        edited = prediction.astype(np.uint8).copy()
        edited[:4, :4, :4] = 2
        accepted = submit(client, top["patient_id"], radiologist, nifti_bytes(edited))
        assert accepted.status_code == 201
        assert accepted.json()["budget_remaining"] == 9.0
        remaining = client.get("/api/queue", headers=radiologist).json()
        assert [item["patient_id"] for item in remaining] == [queue[1]["patient_id"]]
        assert client.get(f"/api/rounds/{round_['id']}", headers=lead).json()["status"] == "annotating"

    def test_round_without_annotations_fails_with_the_reason(self, client: TestClient, demo: dict[str, str]) -> None:
        from sqlalchemy import update

        from backend.db.session import session_scope
        from backend.models import Patient

        with session_scope() as session:
            session.execute(update(Patient).values(status="unlabeled"))
        lead = login(client, "lead")
        started = client.post(f"/api/projects/{demo['project_id']}/rounds", json={"epochs": 1}, headers=lead).json()
        try:
            _run_pending_job(started["id"])
        except ValueError:
            pass
        failed = client.get(f"/api/rounds/{started['id']}", headers=lead).json()
        assert failed["status"] == "failed"
        assert "No annotated pool patients" in failed["error"]
