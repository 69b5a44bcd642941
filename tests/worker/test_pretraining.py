"""The Models Genesis backbone pre-trains in the background as soon as a project has images, so the lead's first
round starts from it (or waits for it) instead of spending most of its time pre-training."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.backend.helpers import nifti_bytes
from tests.conftest import login


@pytest.fixture
def on_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOB_GENESIS_ON_IMPORT", "1")  # tests/conftest.py switches it off for every other test


def _import(client: TestClient, project_id: str, headers: dict[str, str], name: str) -> None:
    image = np.random.default_rng(0).normal(100, 20, (24, 28, 20)).astype(np.float32)
    response = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", (f"{name}.nii.gz", nifti_bytes(image), "application/gzip"))],
        headers=headers,
    )
    assert response.status_code == 201, response.text


def _pretraining_jobs(project_id: str) -> list[Any]:
    from backend.db.session import session_scope
    from backend.models import Job

    with session_scope() as session:
        jobs = session.scalars(
            select(Job).where(Job.project_id == uuid.UUID(project_id), Job.kind == "genesis_pretrain")
        ).all()
        session.expunge_all()
        return list(jobs)


@pytest.mark.usefixtures("on_import")
class TestScheduledAtImport:
    def test_an_import_queues_one_pretraining_and_the_first_round_starts_from_its_backbone(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import Job, ModelVersion
        from worker.tasks import genesis
        from worker.tasks.round_persistence import load_inputs

        project_id, lead = demo["project_id"], login(client, "lead")
        url = f"/api/projects/{project_id}/pretraining"
        assert client.get(url, headers=lead).json() is None  # nothing queued yet: null, not an error
        _import(client, project_id, lead, "new-1")
        _import(client, project_id, lead, "new-2")  # one job for both imports
        (job,) = _pretraining_jobs(project_id)
        queued = client.get(url, headers=lead).json()
        assert (queued["id"], queued["status"], queued["steps"]) == (str(job.id), "queued", 4)

        genesis.execute(job.id)

        done = client.get(url, headers=lead).json()
        assert done["status"] == "succeeded" and done["progress"]["images"] == 12  # the demo's 10 + 2 imported
        with session_scope() as session:
            (backbone,) = session.scalars(select(ModelVersion).where(ModelVersion.kind == "genesis")).all()
            assert backbone.round_id is None and backbone.metrics["images"] == 12
            assert str(backbone.id) == done["progress"]["model_version_id"]
            backbone_id = backbone.id
        _import(client, project_id, lead, "new-3")  # a backbone exists: nothing more to pre-train
        assert len(_pretraining_jobs(project_id)) == 1

        started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=lead).json()
        with session_scope() as session:
            round_job = session.scalar(select(Job.id).where(Job.round_id == uuid.UUID(started["id"])))
        assert round_job is not None
        inputs = load_inputs(round_job, uuid.UUID(started["id"]))
        assert inputs.use_genesis and inputs.backbone_id == backbone_id

    def test_nothing_is_queued_with_genesis_off_or_once_a_round_exists(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        project_id, lead = demo["project_id"], login(client, "lead")
        client.patch(f"/api/projects/{project_id}/settings", json={"genesis_enabled": False}, headers=lead)
        _import(client, project_id, lead, "off")
        assert _pretraining_jobs(project_id) == []
        client.patch(f"/api/projects/{project_id}/settings", json={"genesis_enabled": True}, headers=lead)
        assert client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=lead).status_code == 202
        _import(client, project_id, lead, "after-round")  # the round pre-trains (or fine-tunes) by itself
        assert _pretraining_jobs(project_id) == []


def test_a_first_round_waits_for_a_running_pretraining_instead_of_pretraining_again(demo: dict[str, str]) -> None:
    from sqlalchemy import update

    from backend.db.session import session_scope
    from backend.jobs import lifecycle
    from backend.models import Job, ModelVersion
    from worker.ml.config import TrainConfig
    from worker.tasks import genesis

    project_id = uuid.UUID(demo["project_id"])
    config = TrainConfig(num_classes=3, spatial_dims=3)
    with session_scope() as session:
        job = lifecycle.add_job(session, kind="genesis_pretrain", config={"genesis_steps": 4}, project_id=project_id)
        job_id = job.id
    with session_scope() as session:
        session.execute(update(Job).where(Job.id == job_id).values(status="running", progress={"percent": 40.0}))

    def finish_later() -> None:  # the worker running the pre-training stores the backbone, then ends its job
        time.sleep(0.5)
        with session_scope() as session:
            meta = {"modality": "MR", "spatial_dims": 3, "features": list(config.features)}
            session.add(
                ModelVersion(
                    project_id=project_id, kind="genesis", storage_key="models/x.pt", sha256="0" * 64, config=meta
                )
            )
        lifecycle.succeed(job_id)

    reports: list[tuple[str, dict[str, Any]]] = []
    worker = threading.Thread(target=finish_later)
    worker.start()
    found = genesis.wait_for_pretraining(
        project_id, "MR", config, lambda stage, **values: reports.append((stage, values)), poll_s=0.05
    )
    worker.join()
    with session_scope() as session:
        backbone = session.scalar(select(ModelVersion.id).where(ModelVersion.kind == "genesis"))
    assert found is not None and found == backbone
    assert reports and reports[0] == ("pretraining", {"percent": 40.0, "waiting_for_job": str(job_id)})


def test_a_queued_pretraining_is_not_waited_for(demo: dict[str, str]) -> None:
    """A queued job may never run (no worker on its queue, or a round run in-process): the round pre-trains."""
    from backend.db.session import session_scope
    from backend.jobs import lifecycle
    from worker.ml.config import TrainConfig
    from worker.tasks import genesis

    project_id = uuid.UUID(demo["project_id"])
    with session_scope() as session:
        lifecycle.add_job(session, kind="genesis_pretrain", config={"genesis_steps": 4}, project_id=project_id)
    config = TrainConfig(num_classes=3, spatial_dims=3)
    assert genesis.wait_for_pretraining(project_id, "MR", config, lambda stage, **values: None) is None


@pytest.mark.usefixtures("on_import")
def test_two_imports_committing_at_once_queue_one_pretraining_and_both_imports_stay(demo: dict[str, str]) -> None:
    """Both imports find nothing queued (neither sees the other's uncommitted job); the database lets one queue it,
    and the other's own writes are kept: only the savepoint around its job insert is rolled back."""
    from backend.db.session import session_scope
    from backend.models import AuditEvent, Project
    from backend.pretraining import service as pretraining

    project_id = uuid.UUID(demo["project_id"])
    first_scheduled, first_may_commit = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        with session_scope() as session:
            session.add(AuditEvent(action="race.first", target_type="project", target_id=str(project_id)))
            job = pretraining.schedule(session, session.get_one(Project, project_id))
            results["first"] = job.id if job is not None else None
            first_scheduled.set()
            first_may_commit.wait(10)

    def second() -> None:
        first_scheduled.wait(10)
        with session_scope() as session:
            session.add(AuditEvent(action="race.second", target_type="project", target_id=str(project_id)))
            assert pretraining.active_job(session, project_id) is None  # the first's job is not committed yet
            job = pretraining.schedule(session, session.get_one(Project, project_id))  # blocks on the index
            results["second"] = job.id if job is not None else None

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_scheduled.wait(10)
    time.sleep(0.5)  # let the second reach its insert and wait on the first's uncommitted row
    first_may_commit.set()
    for thread in threads:
        thread.join(20)
    assert results["first"] is not None and results["second"] is None
    jobs = _pretraining_jobs(str(project_id))
    assert [job.id for job in jobs] == [results["first"]]
    with session_scope() as session:
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("race.%"))))
    assert actions == {"race.first", "race.second"}
