"""A round through a real `celery worker` process, with a real Redis broker and the real Postgres: the admin
health endpoint sees the queued job, then the worker running it; progress advances through the API."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import login
from tests.worker.conftest import StartWorker
from tests.worker.harness import jobs_of, pool_size, results_of

pytestmark = [pytest.mark.celery, pytest.mark.postgres]


class TestRoundOnCeleryWorker:
    def test_round_progress_and_worker_health_are_visible_through_the_api(
        self, client: TestClient, demo: dict[str, str], start_worker: StartWorker
    ) -> None:
        admin, lead = login(client, "admin"), login(client, "lead")
        idle = client.get("/api/admin/health", headers=admin)
        assert idle.status_code == 200, idle.text
        assert idle.json()["broker"] == "redis" and idle.json()["broker_ok"]
        assert idle.json()["jobs"] == [] and idle.json()["queues"] == {"gpu": 0, "cpu": 0}
        assert client.get("/api/admin/health", headers=lead).status_code == 403

        # Started before any worker runs, the round's job waits on the gpu queue.
        response = client.post(f"/api/projects/{demo['project_id']}/rounds", json={"epochs": 3}, headers=lead)
        assert response.status_code == 202, response.text
        round_id = response.json()["id"]
        job_id = jobs_of(round_id)[0]["id"]
        waiting = client.get("/api/admin/health", headers=admin).json()
        assert waiting["queues"]["gpu"] == 1
        assert [(job["id"], job["status"]) for job in waiting["jobs"]] == [(job_id, "queued")]

        worker = start_worker("progress")
        snapshots: list[tuple[str, str, float, int | None]] = []
        busy_health: dict[str, Any] | None = None
        body = response.json()
        while body["status"] not in {"ready", "failed"}:
            assert worker.alive(), "worker exited"
            body = client.get(f"/api/rounds/{round_id}", headers=lead).json()
            progress = body["progress"]
            snapshot = (body["status"], progress.get("stage", ""), progress.get("percent", 0.0), progress.get("epoch"))
            if not snapshots or snapshots[-1] != snapshot:
                snapshots.append(snapshot)
            if busy_health is None and progress.get("stage") == "training":
                health = client.get("/api/admin/health", headers=admin).json()
                active = {w["name"]: w["active_job_ids"] for w in health["workers"] or []}
                if active.get(worker.node) == [job_id]:
                    busy_health = health
            time.sleep(0.2)
        assert body["status"] == "ready", body

        training = [(percent, epoch) for _, stage, percent, epoch in snapshots if stage == "training"]
        # Progress advanced while the round ran: several training epochs seen, percent and epoch increasing.
        assert len(training) >= 2, snapshots
        assert training == sorted(training) and training[0] < training[-1], snapshots
        assert {"training", "scoring"} <= {stage for _, stage, _, _ in snapshots}
        assert body["job"]["status"] == "succeeded" and body["job"]["attempts"] == 1 and body["job"]["worker"]
        assert body["metrics"]["compute_seconds"] >= body["metrics"]["train_seconds"] > 0

        # While it trained, the health endpoint listed the live worker running the job, with its heartbeat.
        assert busy_health is not None, "Celery inspect never showed the worker running the job"
        (job,) = busy_health["jobs"]
        assert job["id"] == job_id and job["status"] == "running" and job["round_status"] == "training"
        assert job["attempts"] == 1 and not job["stale"] and job["heartbeat_age_s"] is not None
        assert job["progress"]["stage"] == "training"
        assert busy_health["queues"] == {"gpu": 0, "cpu": 0} and busy_health["unacked"] == 1
        assert client.get("/api/admin/health", headers=admin).json()["jobs"] == []

        (row,) = jobs_of(round_id)
        assert (row["status"], row["attempts"]) == ("succeeded", 1)
        assert results_of(round_id)["scores"] == pool_size(demo["project_id"])
        queue = client.get("/api/queue", headers=login(client, "radiologist")).json()
        assert len(queue) == 2
