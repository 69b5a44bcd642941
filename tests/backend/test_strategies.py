"""Every strategy the API accepts runs through the real round task and selects within the budget."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.round.service import AVAILABLE_STRATEGIES
from tests.conftest import login


@pytest.mark.parametrize("strategy", ["acft", "coreset", "hybrid"])
def test_strategy_round_reaches_ready_with_a_selection(client: TestClient, demo: dict[str, str], strategy: str) -> None:
    from backend.db.session import session_scope
    from backend.models import Job
    from worker.tasks.round import execute

    assert strategy in AVAILABLE_STRATEGIES
    lead = login(client, "lead")
    started = client.post(
        f"/api/projects/{demo['project_id']}/rounds", json={"epochs": 1, "strategy": strategy}, headers=lead
    )
    assert started.status_code == 202, started.text
    with session_scope() as session:
        job_id = session.scalar(select(Job.id).where(Job.round_id == uuid.UUID(started.json()["id"])))
    assert job_id is not None
    execute(job_id)
    round_ = client.get(f"/api/rounds/{started.json()['id']}", headers=lead).json()
    assert round_["status"] == "ready", round_
    scores = client.get(f"/api/rounds/{round_['id']}/scores", headers=lead).json()
    assert sum(s["selected"] for s in scores) == 2
    assert all(s["components"] for s in scores)
