"""A double-read case's agreement and consensus are measured by a real celery worker on the cpu queue (issue 17):
the API queues the job with the second read and returns at once; the worker writes the figures and the consensus."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import Job
from tests.backend.helpers import nifti_bytes, patients, publish_round, submit
from tests.conftest import DEMO_PASSWORD, login
from tests.worker.conftest import StartWorker
from tests.worker.harness import wait_for


def _job_status(job_id: uuid.UUID) -> str | None:
    with session_scope() as session:
        status = session.scalar(select(Job.status).where(Job.id == job_id))
    return status if status in {"succeeded", "failed"} else None


def test_the_second_read_queues_a_job_a_worker_measures(
    client: TestClient, demo: dict[str, str], start_worker: StartWorker
) -> None:
    project_id = demo["project_id"]
    admin, lead = login(client, "admin"), login(client, "lead")
    created = client.post(
        "/api/admin/users", json={"username": "rita", "password": DEMO_PASSWORD, "role": "radiologist"}, headers=admin
    )
    assert created.status_code == 201
    users = {u["username"]: u["id"] for u in client.get("/api/admin/users", headers=admin).json()}
    members = [{"user_id": users[name]} for name in ("lead", "radiologist", "rita")]
    assert client.put(f"/api/projects/{project_id}/members", json={"members": members}, headers=lead).status_code == 200
    settings = {"review_required": True, "double_read_fraction": 1.0}
    assert client.patch(f"/api/projects/{project_id}/settings", json=settings, headers=lead).status_code == 200
    case = patients(client, project_id, lead, split="pool", status="unlabeled")[0]["id"]
    publish_round(project_id, [case])
    shape = client.get(f"/api/patients/{case}", headers=lead).json()["shape"]
    reads = []
    for box in ((slice(2, 9),) * 3, (slice(3, 10),) * 3):
        mask = np.zeros(shape, dtype=np.uint8)
        mask[box] = 1
        reads.append(nifti_bytes(mask))
    start_worker("cpu")
    assert submit(client, case, login(client, "radiologist"), reads[0]).status_code == 201
    assert submit(client, case, login(client, "rita"), reads[1]).status_code == 201
    with session_scope() as session:
        job_id = session.scalars(select(Job.id).where(Job.kind == "review_reads")).one()
    assert wait_for("the review job", lambda: _job_status(job_id)) == "succeeded"

    detail = client.get(f"/api/patients/{case}/review", headers=lead).json()
    [between] = [a for a in detail["agreement"] if a["kind"] == "between_reads"]
    # Two 7-voxel cubes one voxel apart on each axis share a 6-voxel cube.
    assert between["dice"] == pytest.approx(2 * 6**3 / (2 * 7**3))
    assert detail["consensus"] is not None
