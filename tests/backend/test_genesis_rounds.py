"""A project's first round starts from a Models Genesis backbone pre-trained on its own images; later rounds
fine-tune the previous round's model and never pre-train again."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import login


def _run_round(client: TestClient, project_id: str, headers: dict[str, str]) -> dict[str, object]:
    from backend.db.session import session_scope
    from backend.models import Job
    from worker.tasks.round import execute

    started = client.post(f"/api/projects/{project_id}/rounds", json={"epochs": 1}, headers=headers)
    assert started.status_code == 202, started.text
    with session_scope() as session:
        job_id = session.scalar(select(Job.id).where(Job.round_id == uuid.UUID(started.json()["id"])))
    assert job_id is not None
    execute(job_id)
    round_ = client.get(f"/api/rounds/{started.json()['id']}", headers=headers).json()
    assert round_["status"] in {"ready", "review"}, round_
    return dict(round_)


def test_first_round_pretrains_once_and_later_rounds_fine_tune(client: TestClient, demo: dict[str, str]) -> None:
    from backend.db.session import session_scope
    from backend.models import ModelVersion

    lead = login(client, "lead")
    first = _run_round(client, demo["project_id"], lead)
    metrics = first["metrics"]
    assert isinstance(metrics, dict)
    assert metrics["genesis_pretrained"] is True
    with session_scope() as session:
        backbones = session.scalars(select(ModelVersion).where(ModelVersion.kind == "genesis")).all()
        assert len(backbones) == 1
        backbone = backbones[0]
        assert backbone.config["modality"] == "MR" and backbone.metrics["steps"] == 4
        assert backbone.metrics["images"] == 10  # every image of the project; its labels are never read
        assert str(backbone.id) == metrics["genesis_model_version_id"]
        segmenter = session.get(ModelVersion, uuid.UUID(str(first["model_version_id"])))
        assert segmenter is not None and segmenter.kind == "segmenter"
        assert segmenter.parent_id == backbone.id  # lineage: the first segmenter grew from the backbone
        first_segmenter_id = segmenter.id

    # Close the first round by starting the next: it fine-tunes round 1's model and leaves the backbone alone.
    second = _run_round(client, demo["project_id"], lead)
    second_metrics = second["metrics"]
    assert isinstance(second_metrics, dict)
    assert "genesis_pretrained" not in second_metrics and "genesis_model_version_id" not in second_metrics
    with session_scope() as session:
        assert len(session.scalars(select(ModelVersion).where(ModelVersion.kind == "genesis")).all()) == 1
        segmenter = session.get(ModelVersion, uuid.UUID(str(second["model_version_id"])))
        assert segmenter is not None and segmenter.parent_id == first_segmenter_id


def test_genesis_can_be_switched_off_per_project(client: TestClient, demo: dict[str, str]) -> None:
    from backend.db.session import session_scope
    from backend.models import ModelVersion

    lead = login(client, "lead")
    project_url = f"/api/projects/{demo['project_id']}"
    assert client.get(project_url, headers=lead).json()["genesis_enabled"] is True
    refused = client.patch(f"{project_url}/settings", json={"genesis_enabled": "sometimes"}, headers=lead)
    assert refused.status_code == 422
    switched = client.patch(f"{project_url}/settings", json={"genesis_enabled": False}, headers=lead)
    assert switched.status_code == 200 and switched.json()["genesis_enabled"] is False
    radiologist = client.patch(
        f"{project_url}/settings", json={"genesis_enabled": True}, headers=login(client, "radiologist")
    )
    assert radiologist.status_code == 403
    round_ = _run_round(client, demo["project_id"], lead)
    metrics = round_["metrics"]
    assert isinstance(metrics, dict) and "genesis_model_version_id" not in metrics
    with session_scope() as session:
        assert session.scalars(select(ModelVersion).where(ModelVersion.kind == "genesis")).all() == []
        segmenter = session.get(ModelVersion, uuid.UUID(str(round_["model_version_id"])))
        assert segmenter is not None and segmenter.parent_id is None


def test_backbone_lookup_matches_modality_and_architecture(db: str) -> None:
    from backend.db.session import session_scope
    from backend.models import ModelVersion, Project
    from worker.ml.config import TrainConfig
    from worker.tasks.genesis import find_backbone

    config = TrainConfig()
    with session_scope() as session:
        project = Project(name="genesis lookup", modality="MR", labels=[{"value": 1, "name": "a"}])
        session.add(project)
        session.flush()

        def add(modality: str, features: list[int], dims: int = 3) -> uuid.UUID:
            version = ModelVersion(
                project_id=project.id,
                kind="genesis",
                storage_key="models/x.pt",
                sha256="0" * 64,
                config={"modality": modality, "features": features, "spatial_dims": dims},
            )
            session.add(version)
            session.flush()
            return version.id

        add("CT", list(config.features))
        add("MR", [16, 16, 32, 64, 128, 16])
        add("MR", list(config.features), dims=2)
        assert find_backbone(session, project.id, "MR", config) is None
        wanted = add("MR", list(config.features))
        found = find_backbone(session, project.id, "MR", config)
        assert found is not None and found.id == wanted
