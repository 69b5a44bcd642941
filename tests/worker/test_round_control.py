"""Cancel and retry from the API, and the recovery sweep's bookkeeping, without a worker (fast, real Postgres)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.conftest import login
from tests.worker.harness import jobs_of

pytestmark = [pytest.mark.postgres]


def start(client: TestClient, project_id: str, headers: dict[str, str]) -> str:
    response = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=headers)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def set_round(round_id: str, **values: object) -> None:
    from backend.db.session import session_scope
    from backend.models import Round

    with session_scope() as session:
        session.execute(update(Round).where(Round.id == uuid.UUID(round_id)).values(**values))


class TestCancelAndRetry:
    def test_cancel_a_queued_round_then_retry_it_with_a_fresh_job(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        round_id = start(client, demo["project_id"], lead)
        assert jobs_of(round_id)[0]["status"] == "queued"
        forbidden = client.post(f"/api/rounds/{round_id}/cancel", headers=login(client, "radiologist"))
        assert forbidden.status_code == 403
        cancelled = client.post(f"/api/rounds/{round_id}/cancel", headers=lead)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled" and cancelled.json()["finished_at"]
        assert [job["status"] for job in jobs_of(round_id)] == ["cancelled"]
        retried = client.post(f"/api/rounds/{round_id}/retry", headers=login(client, "admin"))
        assert retried.status_code == 202, retried.text
        assert retried.json()["status"] == "created" and retried.json()["job"]["attempts"] == 0
        assert [job["status"] for job in jobs_of(round_id)] == ["cancelled", "queued"]

    def test_refusals_are_409_with_a_reason_and_change_nothing(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        first = start(client, demo["project_id"], lead)
        running = client.post(f"/api/rounds/{first}/retry", headers=lead)
        assert running.status_code == 409
        assert running.json()["detail"] == "Round 1 is created; only a failed or cancelled round can be retried"
        set_round(first, status="annotating")
        annotating = client.post(f"/api/rounds/{first}/cancel", headers=lead)
        assert annotating.status_code == 409
        assert annotating.json()["detail"] == "Round 1 is annotating and cannot be cancelled; close it instead"
        second = start(client, demo["project_id"], lead)
        set_round(second, status="failed", error="boom")
        set_round(first, status="failed")
        stale = client.post(f"/api/rounds/{first}/retry", headers=lead)
        assert stale.status_code == 409
        assert stale.json()["detail"] == "Round 1 is not the project's latest round (2); start a new round instead"
        assert client.get(f"/api/rounds/{first}", headers=lead).json()["status"] == "failed"
        assert len(jobs_of(second)) == 1
        missing = client.post(f"/api/rounds/{uuid.uuid4()}/cancel", headers=lead)
        assert missing.status_code == 404


class TestRecoverySweep:
    def test_stale_jobs_are_requeued_or_given_up_and_unsent_ones_sent(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from backend.db.base import utcnow
        from backend.db.session import session_scope
        from backend.jobs import recovery
        from backend.models import Job

        lead = login(client, "lead")
        round_id = start(client, demo["project_id"], lead)
        (job,) = jobs_of(round_id)
        job_id = uuid.UUID(str(job["id"]))
        long_ago = utcnow() - timedelta(hours=1)

        def set_job(**values: object) -> None:
            with session_scope() as session:
                session.execute(update(Job).where(Job.id == job_id).values(**values))

        # A running job whose worker stopped beating: back to the queue, with a new task.
        set_round(round_id, status="training")
        set_job(status="running", attempts=1, heartbeat_at=long_ago, worker="dead-host:1")
        assert recovery.sweep().requeued == [job_id]
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("queued", 1)
        # A fresh heartbeat is left alone.
        set_job(status="running", heartbeat_at=utcnow())
        assert recovery.sweep().requeued == []
        # Queued, but the broker never got it (it was down): the sweep sends it.
        set_job(status="queued", task_id=None, created_at=long_ago)
        assert recovery.sweep().sent == [job_id]
        # Out of attempts: failed, and the round with it.
        set_job(status="running", attempts=3, heartbeat_at=long_ago)
        assert recovery.sweep().failed == [job_id]
        body = client.get(f"/api/rounds/{round_id}", headers=lead).json()
        assert body["status"] == "failed"
        assert body["error"] == "Gave up after 3 attempts: the worker running this job was lost each time"
        assert body["job"]["status"] == "failed"


class TestJobLifecycle:
    def test_the_transition_table_ends_in_final_states_that_nothing_leaves(self) -> None:
        from backend.jobs import lifecycle
        from backend.jobs.status import JobStatus

        assert set(lifecycle.TRANSITIONS) == set(JobStatus)
        assert lifecycle.ACTIVE == {JobStatus.queued, JobStatus.running}
        for status in lifecycle.FINAL:
            assert lifecycle.TRANSITIONS[status] == frozenset()
        for status in lifecycle.ACTIVE:
            assert lifecycle.FINAL <= lifecycle.TRANSITIONS[status]
        assert lifecycle.can_transition("running", JobStatus.queued)  # the sweep re-queues a stale job
        assert not lifecycle.can_transition("queued", JobStatus.queued)

    def test_a_claimed_job_ends_once_and_is_not_claimed_again(self, client: TestClient, demo: dict[str, str]) -> None:
        from backend.jobs import lifecycle
        from backend.jobs.status import JobStatus

        round_id = start(client, demo["project_id"], login(client, "lead"))
        job_id = uuid.UUID(str(jobs_of(round_id)[0]["id"]))
        assert lifecycle.claim(job_id)
        assert not lifecycle.claim(job_id)  # a live worker runs it
        assert lifecycle.status_of(job_id) == JobStatus.running
        assert lifecycle.finish(job_id, JobStatus.cancelled)
        assert not lifecycle.fail(job_id, "too late")  # a final status is the job's last word
        assert not lifecycle.claim(job_id)
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("cancelled", 1)
        with pytest.raises(ValueError, match="not a final job status"):
            lifecycle.finish(job_id, JobStatus.queued)


def test_only_registered_tasks_are_routed_and_every_job_kind_has_one() -> None:
    from backend.jobs.names import JOB_TASKS, ROUTES
    from worker.celery_app import app

    app.loader.import_default_modules()  # the modules of ``include``, as a starting worker imports them
    assert set(ROUTES) == set(JOB_TASKS.values())
    assert set(ROUTES) <= set(app.tasks)
