"""The simulated random-selection baseline: starting it over HTTP (202/409/403), computing it with the worker's
task body in-process on the demo data, and the dashboard drawing it beside the real curve."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import login


def _url(project_id: str) -> str:
    return f"/api/projects/{project_id}/simulations/random"


def _finished_round(
    project_id: str,
    number: int,
    n_train: int,
    *,
    job_config: dict[str, Any] | None = None,
    model_config: dict[str, Any] | None = None,
) -> None:
    """A round on the label-efficiency curve without training it; the simulation replays its model version's
    config (``model_config``), else its job's."""
    from backend.db.session import session_scope
    from backend.models import Job, ModelVersion, Round

    with session_scope() as session:
        found = Round(
            project_id=uuid.UUID(project_id),
            number=number,
            status="closed",
            strategy="random",
            batch_size=2,
            seed=number,
            metrics={"val_dice": 0.5, "n_train": n_train},
        )
        session.add(found)
        session.flush()
        session.add(Job(round_id=found.id, kind="round", status="succeeded", config=job_config or {"epochs": 1}))
        if model_config is not None:
            version = ModelVersion(
                project_id=found.project_id,
                round_id=found.id,
                storage_key="models/unused.pt",
                sha256="0" * 64,
                config=model_config,
            )
            session.add(version)
            session.flush()
            found.model_version_id = version.id


def _execute_latest(project_id: str) -> None:
    from backend.db.session import session_scope
    from backend.simulation.service import latest_job
    from worker.tasks.simulation import execute

    with session_scope() as session:
        job = latest_job(session, uuid.UUID(project_id))
        assert job is not None
        job_id = job.id
    execute(job_id)


class TestStart:
    def test_needs_a_finished_round(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        response = client.post(_url(demo["project_id"]), json={}, headers=lead)
        assert response.status_code == 409
        assert "no finished round" in response.json()["detail"]
        assert client.get(_url(demo["project_id"]), headers=lead).status_code == 404

    def test_needs_as_much_ground_truth_as_the_smallest_round(self, client: TestClient, demo: dict[str, str]) -> None:
        _finished_round(demo["project_id"], 1, n_train=9)  # the demo pool has 4 annotated + 4 reference labels
        response = client.post(_url(demo["project_id"]), headers=login(client, "lead"))
        assert response.status_code == 409
        assert "8 patients with ground truth" in response.json()["detail"]
        assert "reference" in response.json()["detail"]

    def test_radiologist_may_neither_start_nor_read(self, client: TestClient, demo: dict[str, str]) -> None:
        _finished_round(demo["project_id"], 1, n_train=2)
        radiologist = login(client, "radiologist")
        assert client.post(_url(demo["project_id"]), json={}, headers=radiologist).status_code == 403
        assert client.get(_url(demo["project_id"]), headers=radiologist).status_code == 403

    def test_seeds_are_bounded(self, client: TestClient, demo: dict[str, str]) -> None:
        _finished_round(demo["project_id"], 1, n_train=2)
        response = client.post(_url(demo["project_id"]), json={"seeds": 0}, headers=login(client, "lead"))
        assert response.status_code == 422


class TestRandomBaseline:
    def test_curve_for_every_size_then_on_the_dashboard(
        self, client: TestClient, demo: dict[str, str], db: str
    ) -> None:
        from sqlalchemy import func, select

        from backend.db.session import session_scope
        from backend.models import AuditEvent, ModelVersion, Patient

        project_id = demo["project_id"]
        lead, admin = login(client, "lead"), login(client, "admin")
        # Sizes 2 and 3 as a project's rounds would record them; 20 is more than the 8 ground-truth patients.
        from worker.ml.config import TrainConfig

        tiny = {"epochs": 1, "features": [4, 4, 8, 8, 16, 4]}
        _finished_round(project_id, 1, n_train=2, job_config=tiny)
        _finished_round(
            project_id,
            2,
            n_train=3,
            model_config=TrainConfig(num_classes=3, seed=2, **tiny).to_dict(),  # type: ignore[arg-type]
        )
        _finished_round(project_id, 3, n_train=20)
        with session_scope() as session:
            statuses_before = sorted(session.scalars(select(Patient.status)))

        started = client.post(_url(project_id), json={"seeds": 2}, headers=admin)
        assert started.status_code == 202, started.text
        assert (started.json()["status"], started.json()["sizes"], started.json()["seeds"]) == ("queued", [2, 3, 20], 2)
        again = client.post(_url(project_id), json={}, headers=lead)
        assert again.status_code == 409 and "already running" in again.json()["detail"]

        _execute_latest(project_id)

        read = client.get(_url(project_id), headers=lead).json()
        assert read["status"] == "succeeded", read
        assert read["progress"]["percent"] == 100
        result = read["result"]
        assert (result["seeds"], result["ground_truth"], result["skipped"]) == (2, 8, [20])
        assert [p["n_labeled"] for p in result["points"]] == [2, 3]
        for point in result["points"]:
            assert len(point["dice"]) == 2 and all(0.0 <= d <= 1.0 for d in point["dice"])
            assert abs(point["dice_mean"] - sum(point["dice"]) / 2) < 1e-9
            assert point["dice_sd"] is not None and point["dice_sd"] >= 0.0

        board = client.get(f"/api/projects/{project_id}/dashboard", headers=admin).json()
        assert board["simulation"]["id"] == started.json()["id"]
        assert board["random_curve"]["points"] == result["points"]
        assert [p["patients_annotated"] for p in board["efficiency"]] == [2, 3, 20]

        with session_scope() as session:
            # Nothing of the project changed: no model kept, no patient labelled, one audited start.
            assert session.scalar(select(func.count()).select_from(ModelVersion)) == 1
            assert sorted(session.scalars(select(Patient.status))) == statuses_before
            actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("simulation.%"))))
            assert actions == ["simulation.random.start"]

    def test_a_new_job_keeps_the_previous_curve_on_the_dashboard_until_it_has_points(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from sqlalchemy import update

        from backend.db.session import session_scope
        from backend.models import Job

        project_id = demo["project_id"]
        lead = login(client, "lead")
        _finished_round(project_id, 1, n_train=2)
        first = client.post(_url(project_id), json={"seeds": 1}, headers=lead).json()
        curve = {"points": [{"n_labeled": 2, "dice_mean": 0.4, "dice_sd": None, "dice": [0.4]}], "seeds": 1}
        with session_scope() as session:
            session.execute(
                update(Job)
                .where(Job.id == uuid.UUID(first["id"]))
                .values(status="succeeded", result=curve | {"ground_truth": 8})
            )
        second = client.post(_url(project_id), json={"seeds": 1}, headers=lead)
        assert second.status_code == 202
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        assert (board["simulation"]["id"], board["simulation"]["status"]) == (second.json()["id"], "queued")
        assert board["random_curve"]["points"][0]["dice_mean"] == 0.4

    def test_failure_is_recorded_for_the_lead(self, client: TestClient, demo: dict[str, str]) -> None:
        from sqlalchemy import update

        from backend.db.session import session_scope
        from backend.models import Patient

        project_id = demo["project_id"]
        lead = login(client, "lead")
        _finished_round(project_id, 1, n_train=2)
        assert client.post(_url(project_id), json={}, headers=lead).status_code == 202
        with session_scope() as session:  # no validation patient left to measure Dice on
            session.execute(update(Patient).where(Patient.split == "validation").values(status="unlabeled"))
        with pytest.raises(ValueError, match="no annotated validation patients"):
            _execute_latest(project_id)
        read = client.get(_url(project_id), headers=lead).json()
        assert read["status"] == "failed"
        assert read["error"] == "ValueError: The project has no annotated validation patients to measure Dice on"
        # A failed job no longer blocks a new one.
        assert client.post(_url(project_id), json={}, headers=lead).status_code == 202


class TestCancel:
    def test_a_queued_simulation_is_cancelled_at_once_and_never_runs(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from sqlalchemy import select

        from backend.db.session import session_scope
        from backend.models import AuditEvent

        project_id = demo["project_id"]
        lead = login(client, "lead")
        _finished_round(project_id, 1, n_train=2)
        started = client.post(_url(project_id), json={"seeds": 1}, headers=lead).json()
        cancelled = client.post(f"{_url(project_id)}/cancel", headers=lead)
        assert cancelled.status_code == 200, cancelled.text
        assert (cancelled.json()["id"], cancelled.json()["status"]) == (started["id"], "cancelled")
        assert cancelled.json()["finished_at"] is not None
        again = client.post(f"{_url(project_id)}/cancel", headers=lead)
        assert again.status_code == 409 and "No random-baseline simulation" in again.json()["detail"]

        _execute_latest(project_id)  # a late message for the cancelled job does nothing
        read = client.get(_url(project_id), headers=lead).json()
        assert (read["status"], read["result"]) == ("cancelled", None)
        with session_scope() as session:
            event = session.scalar(select(AuditEvent).where(AuditEvent.action == "simulation.random.cancel"))
            assert event is not None and event.details == {"job_id": started["id"], "from": "queued"}
        # A cancelled job no longer blocks a new one.
        assert client.post(_url(project_id), json={"seeds": 1}, headers=lead).status_code == 202

    def test_a_running_simulation_stops_at_its_next_epoch_and_keeps_its_points(
        self, client: TestClient, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from worker.ml import training

        project_id = demo["project_id"]
        lead = login(client, "lead")
        tiny = {"epochs": 3, "features": [4, 4, 8, 8, 16, 4]}
        _finished_round(project_id, 1, n_train=2, job_config=tiny)
        _finished_round(project_id, 2, n_train=3, job_config=tiny)
        client.post(_url(project_id), json={"seeds": 1}, headers=lead)

        epochs_run: dict[int, int] = {}
        train_segmenter = training.train_segmenter

        def cancel_before_the_second_size(train: Any, val: Any, config: Any, **kwargs: Any) -> Any:
            progress = kwargs.pop("progress")

            def counted(info: dict[str, Any]) -> None:
                epochs_run[len(train)] = epochs_run.get(len(train), 0) + 1
                progress(info)

            if len(train) == 3:  # the lead cancels while the worker moves on to the next size
                assert client.post(f"{_url(project_id)}/cancel", headers=lead).status_code == 200
            return train_segmenter(train, val, config, progress=counted, **kwargs)

        monkeypatch.setattr(training, "train_segmenter", cancel_before_the_second_size)
        _execute_latest(project_id)

        read = client.get(_url(project_id), headers=lead).json()
        assert (read["status"], read["error"]) == ("cancelled", None)
        assert [p["n_labeled"] for p in read["result"]["points"]] == [2]  # the finished size is kept
        assert epochs_run == {2: 3, 3: 1}  # the second training stopped at its first epoch
        assert read["progress"].get("stage") != "done"


def test_worker_runs_the_task_on_the_gpu_queue_and_the_sweep_can_requeue_it() -> None:
    from backend.jobs.names import JOB_TASKS, QUEUE_GPU, SIMULATE_RANDOM
    from backend.simulation.service import SIMULATION_JOB
    from worker.celery_app import app

    app.loader.import_default_modules()  # the modules of ``include``, as a starting worker imports them
    assert SIMULATE_RANDOM in app.tasks
    assert app.amqp.router.route({}, SIMULATE_RANDOM)["queue"].name == QUEUE_GPU
    assert JOB_TASKS[SIMULATION_JOB] == SIMULATE_RANDOM
