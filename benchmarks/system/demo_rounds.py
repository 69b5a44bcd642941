"""The demo project after two rounds, as the admin dashboard shows it.

    python -m benchmarks.system.demo_rounds [--epochs 20] [--seeds 5] [--pretrain import|round]

A fresh SQLite database and store in a temporary folder; the demo is seeded as ``make demo`` seeds it. With
``--pretrain import`` (the product's way) the Models Genesis backbone pre-trains as the import queued it, before the
lead starts a round, and is timed on its own; with ``round`` the first round pre-trains it itself (as before issue
15). Round 1 runs (fine-tuning, scoring, selection); a simulated radiologist works through the queue and submits
each case's hidden reference label as its annotation through the API; round 2 runs; then the simulated
random-selection baseline, which replays both rounds (its first point must match round 1 up to seed noise).
Rounds and the simulation run their worker task bodies in this process, like
``python -m worker.cli run-round``. Prints the dashboard's rounds, curves and ledger; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any


def _configure(root: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
            "STORAGE_ROOT": str(root / "storage"),
            "EMBEDDED_BROKER_DIR": str(root / "broker"),
            "SECRET_KEY": "demo-rounds-benchmark-secret-key-0123456789abcdef",
            "RADLOOP_DEMO_PASSWORD": "demo-rounds-password",
            "BROKER_URL": "",
            "JOB_GENESIS_ON_IMPORT": "1",
        }
    )


def _login(client: Any, username: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": "demo-rounds-password"})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _run_round(client: Any, project_id: str, lead: dict[str, str], epochs: int) -> dict[str, Any]:
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Job
    from worker.tasks.round import execute

    started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": epochs}, headers=lead)
    started.raise_for_status()
    with session_scope() as session:
        job_id = session.scalar(select(Job.id).where(Job.round_id == uuid.UUID(started.json()["id"])))
    assert job_id is not None
    t0 = time.perf_counter()
    execute(job_id)
    body: dict[str, Any] = client.get(f"/api/rounds/{started.json()['id']}", headers=lead).json()
    body["wall_s"] = round(time.perf_counter() - t0, 1)
    return body


def _annotate_queue(client: Any, reader: dict[str, str]) -> int:
    """Submit the hidden reference label of every queued case (the simulated radiologist is always right)."""
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import ReferenceLabel
    from backend.storage import blobs

    done = 0
    for item in client.get("/api/queue", headers=reader).json():
        with session_scope() as session:
            key = session.scalar(
                select(ReferenceLabel.storage_key).where(ReferenceLabel.patient_id == uuid.UUID(item["patient_id"]))
            )
        assert key is not None, "the demo's pool patients carry reference labels"
        response = client.post(
            f"/api/patients/{item['patient_id']}/annotations",
            files={"mask": ("mask.nii.gz", blobs.read_bytes(key), "application/gzip")},
            headers=reader,
        )
        response.raise_for_status()
        done += 1
    return done


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=20, help="training epochs per round (the product default)")
    parser.add_argument("--seeds", type=int, default=5, help="seeds of the simulated random baseline")
    parser.add_argument("--pretrain", choices=("import", "round"), default="import", help="when Genesis pre-trains")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="radloop-demo-rounds-") as tmp:
        _configure(Path(tmp))
        from fastapi.testclient import TestClient

        from backend import demo
        from backend.db.session import session_scope
        from backend.main import create_app
        from backend.migrate import upgrade_head
        from backend.pretraining import service as pretraining
        from worker.tasks.genesis import execute as pretrain
        from worker.tasks.simulation import execute as simulate

        upgrade_head(os.environ["DATABASE_URL"])
        with session_scope() as session:
            project = demo.seed(session).project
            project_id = str(project.id)
            pretraining_job = pretraining.schedule(session, project) if args.pretrain == "import" else None
            pretraining_job_id = pretraining_job.id if pretraining_job is not None else None
        pretrain_s = None
        if pretraining_job_id is not None:  # what the worker does after `make demo`'s import, before any round
            t0 = time.perf_counter()
            pretrain(pretraining_job_id)
            pretrain_s = round(time.perf_counter() - t0, 1)
        client = TestClient(create_app())
        lead, reader, admin = _login(client, "lead"), _login(client, "radiologist"), _login(client, "admin")
        first = _run_round(client, project_id, lead, args.epochs)
        annotated = _annotate_queue(client, reader)
        second = _run_round(client, project_id, lead, args.epochs)
        simulations = f"/api/projects/{project_id}/simulations/random"
        started = client.post(simulations, json={"seeds": args.seeds}, headers=lead)
        started.raise_for_status()
        t0 = time.perf_counter()
        simulate(uuid.UUID(started.json()["id"]))
        simulation_s = round(time.perf_counter() - t0, 1)
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=admin).json()
        ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()

    for r in board["rounds"]:
        print(
            f"round {r['number']}: {r['status']}, {r['strategy']}, trained on {r['n_train']}, "
            f"val Dice {r['val_dice']:.3f} {r['val_dice_per_label']}, selected {r['n_selected']}, "
            f"{r['duration_s']:.0f} s"
        )
    print(f"annotated between the rounds: {annotated}; round wall times {first['wall_s']} s, {second['wall_s']} s")
    where = f"at import, {pretrain_s} s before the round" if pretrain_s is not None else "inside the first round"
    print(f"Genesis backbone pre-trained {where}")
    print("real curve:", [(p["patients_annotated"], round(p["val_dice"], 3)) for p in board["efficiency"]])
    curve = board["random_curve"] or {"points": []}
    print(
        f"random baseline ({args.seeds} seeds, {simulation_s} s):",
        [(p["n_labeled"], p["dice_mean"], p["dice_sd"]) for p in curve["points"]],
    )
    print(f"ledger: remaining {ledger.get('budget_remaining')}, {len(ledger.get('entries', []))} entries")
    summary = {
        "benchmark": "demo_rounds",
        "rounds": [
            {k: r[k] for k in ("number", "status", "n_train", "val_dice", "val_dice_per_label", "n_selected")}
            for r in board["rounds"]
        ],
        "genesis_in_round": first["metrics"].get("genesis_pretrained", False),
        "genesis_at_import_s": pretrain_s,
        "round_wall_s": [first["wall_s"], second["wall_s"]],
        "random_curve": curve["points"],
        "simulation_s": simulation_s,
    }
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
