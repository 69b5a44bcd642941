"""The simulated random baseline replays the project's real rounds (issue 15 item 3): the same initial patients,
starting weights, recipe and validation patients, with nested continual fine-tuning; only the patients added after
the first round differ. Runs two real rounds and the simulation's worker task bodies in-process, on Postgres only
(the worker suite's database), because it trains 2 + 2 × SEEDS models."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes, read_nifti, submit
from tests.conftest import login

SEEDS = 3


def _url(project_id: str) -> str:
    return f"/api/projects/{project_id}/simulations/random"


def _execute_latest(project_id: str) -> None:
    from backend.db.session import session_scope
    from backend.simulation.service import latest_job
    from worker.tasks.simulation import execute

    with session_scope() as session:
        job = latest_job(session, uuid.UUID(project_id))
        assert job is not None
        job_id = job.id
    execute(job_id)


class TestReplayOfTheRealRounds:
    """The baseline replays the project's rounds: same initial patients, start, recipe and validation patients,
    nested continual fine-tuning; only the patients added after the first round differ."""

    def test_at_the_initial_size_both_curves_coincide_and_later_rounds_fine_tune(
        self, client: TestClient, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from sqlalchemy import select

        from backend.db.session import session_scope
        from backend.models import Job, ModelVersion, Patient, Round
        from backend.simulation.schemas import SimulationCreate
        from worker.ml import training
        from worker.tasks.round import execute

        project_id = demo["project_id"]
        lead, radiologist = login(client, "lead"), login(client, "radiologist")

        def real_round() -> dict[str, Any]:
            started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=lead)
            assert started.status_code == 202, started.text
            with session_scope() as session:
                job = session.scalar(select(Job).where(Job.round_id == uuid.UUID(started.json()["id"])))
                assert job is not None
                job.config = {**job.config, "features": [4, 4, 8, 8, 16, 4]}  # a small UNet++ keeps the test quick
                job_id = job.id
            execute(job_id)
            return dict(client.get(f"/api/rounds/{started.json()['id']}", headers=lead).json())

        first = real_round()
        top = client.get("/api/queue", headers=radiologist).json()[0]["patient_id"]
        prediction = read_nifti(client.get(f"/api/patients/{top}/prediction", headers=radiologist).content)
        assert submit(client, top, radiologist, nifti_bytes(prediction.astype(np.uint8))).status_code == 201
        second = real_round()
        assert (first["metrics"]["n_train"], second["metrics"]["n_train"]) == (4, 5)
        with session_scope() as session:
            version = session.get(ModelVersion, uuid.UUID(first["model_version_id"]))
            assert version is not None
            initial = sorted(version.metrics["trained_on"])
            validated_on = sorted(version.metrics["validated_on"])
            names = {str(p.id): p.external_id for p in session.scalars(select(Patient))}
            initial_names = sorted(names[p] for p in initial)
            validation_names = sorted(names[p] for p in validated_on)
            round_seeds = list(session.scalars(select(Round.seed).order_by(Round.number)))
        assert len(initial) == 4 and len(validated_on) == 2

        calls: list[dict[str, Any]] = []
        train_segmenter = training.train_segmenter

        def recorded(train: Any, val: Any, config: Any, **kwargs: Any) -> Any:
            result = train_segmenter(train, val, config, **kwargs)
            calls.append(
                {
                    "train": sorted(s.id for s in train),
                    "val": sorted(s.id for s in val),
                    "seed": config.seed,
                    "epochs": config.epochs,
                    "init": kwargs.get("init_state"),
                    "fine_tune": kwargs.get("fine_tune"),
                    "state": result.state_dict,
                }
            )
            return result

        monkeypatch.setattr(training, "train_segmenter", recorded)
        assert SimulationCreate().seeds == 5  # the product's default; three keep this test quick
        assert client.post(_url(project_id), json={"seeds": SEEDS}, headers=lead).status_code == 202
        _execute_latest(project_id)

        result = client.get(_url(project_id), headers=lead).json()["result"]
        assert (result["initial_patients"], result["validation_patients"]) == ("recorded", "recorded")
        one, two = result["points"]
        assert (one["round_number"], one["n_labeled"], one["start"]) == (1, 4, "genesis")
        assert (two["round_number"], two["n_labeled"], two["start"]) == (2, 5, "previous")
        assert len(calls) == 2 * SEEDS
        # Round 1's replay: the real initial patients, its recipe, its validation patients; seed 0 is the round.
        for seed, call in enumerate(calls[:SEEDS]):
            assert call["train"] == initial_names and call["fine_tune"] is False and call["init"] is not None
            assert (call["seed"], call["epochs"]) == (round_seeds[0] + seed, 1)
            assert call["val"] == validation_names
        # Both curves coincide at the initial size: seed 0 is the real round, trained again to the same Dice (CPU
        # training is deterministic per seed), and the other seeds differ from it only by their weight init.
        assert one["dice"][0] == pytest.approx(first["metrics"]["val_dice"], abs=1e-6)
        assert all(d is not None and 0.0 <= d <= 1.0 for d in one["dice"]) and one["dice_sd"] is not None
        # Round 2's replay fine-tunes each seed's round-1 model on the initial patients plus one random patient.
        for seed, call in enumerate(calls[SEEDS:]):
            assert call["fine_tune"] is True and call["init"] is calls[seed]["state"]
            assert set(initial_names) < set(call["train"]) and len(call["train"]) == 5
            assert call["seed"] == round_seeds[1] + seed
