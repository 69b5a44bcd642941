"""Fault tests on real processes: a private redis-server, real `celery worker` processes, the real Postgres.

Workers run with second-scale heartbeats (tests.worker.harness.FAST_RECOVERY_ENV) so a dead worker's job is
recovered within seconds; rounds train for 1-2 epochs on the demo data.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.conftest import DEMO_PASSWORD, login
from tests.worker.conftest import StartWorker
from tests.worker.harness import ApiServer, RedisServer, jobs_of, pool_size, results_of, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.postgres]


def start_round(client: TestClient, project_id: str, headers: dict[str, str], epochs: int) -> str:
    response = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": epochs}, headers=headers)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def round_of(client: TestClient, round_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/rounds/{round_id}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def wait_until_finished(client: TestClient, round_id: str, headers: dict[str, str]) -> dict[str, Any]:
    return wait_for(
        f"round {round_id} to finish",
        lambda: (body := round_of(client, round_id, headers))["status"] in {"ready", "failed", "cancelled"} and body,
    )


def wait_for_training(round_id: str, stages: frozenset[str] = frozenset({"training"})) -> None:
    """Until the job's first run reports progress in one of ``stages`` (after its first training epoch)."""

    def training() -> bool:
        (*_, job) = jobs_of(round_id)
        return bool(job["status"] == "running" and job["progress"].get("stage") in stages)

    wait_for(f"round {round_id} to be in {sorted(stages)}", training)


MID_ROUND = frozenset({"training", "scoring"})


def assert_one_result(round_id: str, project_id: str) -> None:
    pool = pool_size(project_id)
    # One backbone too: an attempt that died after pre-training leaves it for the next attempt to reuse.
    expected = {"model_versions": 1, "backbones": 1, "scores": pool, "selected": 2, "predictions": pool}
    assert results_of(round_id) == expected


class TestWorkerDeath:
    def test_worker_killed_during_training_a_fresh_worker_completes_the_round(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker
    ) -> None:
        lead = login(client, "lead")
        first = start_worker("doomed")
        round_id = start_round(client, demo["project_id"], lead, epochs=2)
        wait_for_training(round_id)
        first.kill9()
        assert round_of(client, round_id, lead)["status"] == "training"
        second = start_worker("fresh")
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "ready", body
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("succeeded", 2)
        assert job["worker"] == f"{second.node.split('@')[1]}:{second.pid}"
        assert body["job"]["attempts"] == 2
        assert "job.requeued" in second.log()
        assert_one_result(round_id, demo["project_id"])

    def test_worker_dying_on_the_same_job_every_time_fails_it_after_max_attempts(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("JOB_MAX_ATTEMPTS", "2")
        lead = login(client, "lead")
        round_id = start_round(client, demo["project_id"], lead, epochs=1)
        assert jobs_of(round_id)[0]["max_attempts"] == 2
        for attempt in (1, 2):
            worker = start_worker(f"dies{attempt}-")
            wait_for(f"attempt {attempt} to start", lambda a=attempt: jobs_of(round_id)[0]["attempts"] == a)
            worker.kill9()
        survivor = start_worker("sweeper")
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "failed", body
        assert body["error"] == "Gave up after 2 attempts: the worker running this job was lost each time"
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("failed", 2)
        assert "Gave up after 2 attempts" in str(job["error"])
        assert results_of(round_id)["model_versions"] == 0
        assert survivor.alive()


class TestBrokerAndApiRestarts:
    def test_redis_restarted_mid_round_the_round_completes_and_the_worker_reconnects(
        self,
        client: TestClient,
        demo: dict[str, str],
        start_worker: StartWorker,
        private_redis: RedisServer,
    ) -> None:
        lead = login(client, "lead")
        worker = start_worker("steady")
        round_id = start_round(client, demo["project_id"], lead, epochs=1)
        wait_for_training(round_id, MID_ROUND)
        private_redis.restart()  # a non-persistent Redis: every message and unacked entry is gone
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "ready", body
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("succeeded", 1)
        assert_one_result(round_id, demo["project_id"])
        # The same worker process reconnected: the next round goes through the restarted broker.
        next_id = start_round(client, demo["project_id"], lead, epochs=1)
        assert wait_until_finished(client, next_id, lead)["status"] == "ready"
        assert worker.alive() and jobs_of(next_id)[0]["worker"] == job["worker"]

    def test_api_restarted_mid_round_keeps_the_round_state(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker, tmp_path: Any
    ) -> None:
        start_worker("behind-api")
        api = ApiServer(tmp_path)
        api.start()
        try:
            token = httpx.post(
                f"{api.url}/api/auth/login", json={"username": "lead", "password": DEMO_PASSWORD}
            ).json()["access_token"]
            lead = {"Authorization": f"Bearer {token}"}
            response = httpx.post(
                f"{api.url}/api/projects/{demo['project_id']}/rounds", json={"epochs": 1}, headers=lead
            )
            assert response.status_code == 202, response.text
            round_id = response.json()["id"]
            wait_for_training(round_id, MID_ROUND)
            api.kill9()
            api.start()
            during = httpx.get(f"{api.url}/api/rounds/{round_id}", headers=lead).json()
            assert during["status"] in {"training", "scoring", "selecting", "ready"}, during
            assert during["job"]["attempts"] == 1 and during["progress"]["stage"]

            def finished() -> dict[str, Any] | None:
                body = httpx.get(f"{api.url}/api/rounds/{round_id}", headers=lead).json()
                return body if body["status"] in {"ready", "failed"} else None

            body = wait_for("the round to finish behind the restarted API", finished)
            assert body["status"] == "ready", body
            assert body["job"]["attempts"] == 1 and body["job"]["status"] == "succeeded"
        finally:
            api.stop()
        assert_one_result(round_id, demo["project_id"])


class TestIdempotency:
    def test_the_same_task_delivered_twice_gives_one_result(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker
    ) -> None:
        from backend.jobs.enqueue import enqueue
        from backend.jobs.names import ROUND_RUN

        lead = login(client, "lead")
        workers = [start_worker("twin"), start_worker("twin")]
        round_id = start_round(client, demo["project_id"], lead, epochs=1)
        job_id = jobs_of(round_id)[0]["id"]
        enqueue(ROUND_RUN, str(job_id))  # while the first delivery runs: the other worker gets it
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "ready", body
        enqueue(ROUND_RUN, str(job_id))  # after it finished
        wait_for(
            "both duplicate deliveries to be skipped",
            lambda: sum(w.log().count("round.job.skipped") for w in workers) == 2,
        )
        (job,) = jobs_of(round_id)
        assert (job["status"], job["attempts"]) == ("succeeded", 1)
        assert_one_result(round_id, demo["project_id"])


class TestFailureCancelRetry:
    def test_a_task_that_raises_fails_the_round_with_the_reason_and_retry_works(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import Patient
        from backend.models.patient import PatientStatus, Split

        start_worker("fails")
        lead = login(client, "lead")
        project_id = uuid.UUID(demo["project_id"])
        annotated = (Patient.project_id == project_id, Patient.split == Split.pool)
        with session_scope() as session:  # nothing to train on: the task raises
            labelled = list(session.scalars(select(Patient.id).where(*annotated, Patient.status == "annotated")))
            session.execute(update(Patient).where(Patient.id.in_(labelled)).values(status=PatientStatus.unlabeled))
        round_id = start_round(client, demo["project_id"], lead, epochs=1)
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "failed", body
        assert body["error"].startswith("ValueError: No annotated pool patients to train on"), body
        assert body["job"]["status"] == "failed" and "Traceback" in body["job"]["error"]
        # The lead fixes the cause, then retries the same round: a new job runs it to ready.
        with session_scope() as session:
            session.execute(update(Patient).where(Patient.id.in_(labelled)).values(status=PatientStatus.annotated))
        retried = client.post(f"/api/rounds/{round_id}/retry", headers=lead)
        assert retried.status_code == 202, retried.text
        assert retried.json()["status"] == "created" and retried.json()["error"] is None
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "ready", body
        assert [(job["status"], job["attempts"]) for job in jobs_of(round_id)] == [("failed", 1), ("succeeded", 1)]
        assert_one_result(round_id, demo["project_id"])
        again = client.post(f"/api/rounds/{round_id}/retry", headers=lead)
        assert again.status_code == 409
        assert again.json()["detail"] == "Round 1 is ready; only a failed or cancelled round can be retried"

    def test_cancel_stops_the_running_worker_between_epochs_and_the_round_can_be_retried(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker
    ) -> None:
        worker = start_worker("cancel")
        lead = login(client, "lead")
        round_id = start_round(client, demo["project_id"], lead, epochs=2)
        wait_for_training(round_id)
        cancelled = client.post(f"/api/rounds/{round_id}/cancel", headers=lead)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled"
        wait_for("the worker to stop the cancelled job", lambda: jobs_of(round_id)[0]["status"] == "cancelled")
        assert "round.cancelled" in worker.log()
        assert round_of(client, round_id, lead)["status"] == "cancelled"
        # The backbone pre-trained before the cancel is kept: the retry starts from it instead of pre-training again.
        expected = {"model_versions": 0, "backbones": 1, "scores": 0, "selected": 0, "predictions": 0}
        assert results_of(round_id) == expected
        again = client.post(f"/api/rounds/{round_id}/cancel", headers=lead)
        assert again.status_code == 409
        assert again.json()["detail"] == "Round 1 is cancelled and cannot be cancelled: it is not running"
        retried = client.post(f"/api/rounds/{round_id}/retry", headers=lead)
        assert retried.status_code == 202, retried.text
        body = wait_until_finished(client, round_id, lead)
        assert body["status"] == "ready", body
        assert [job["status"] for job in jobs_of(round_id)] == ["cancelled", "succeeded"]
        assert_one_result(round_id, demo["project_id"])
