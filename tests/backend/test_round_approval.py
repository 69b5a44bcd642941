"""A lead approves a round's selection before the queue serves it (projects without auto-publish)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.round.state import FINAL, OPEN_FOR_ANNOTATION, RUNNING, RoundStatus, can_transition
from tests.backend.helpers import patients
from tests.conftest import login

PROPOSED = 2


def _round_in_review(project_id: str) -> tuple[str, list[str]]:
    """A finished round waiting for approval: every unlabelled pool patient scored, the top two proposed."""
    from backend.db.session import session_scope
    from backend.models import Patient, Project, Round, Score

    with session_scope() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        project.auto_publish = False
        pool = list(
            session.scalars(
                select(Patient)
                .where(Patient.project_id == project.id, Patient.split == "pool", Patient.status == "unlabeled")
                .order_by(Patient.external_id)
            )
        )
        found = Round(project_id=project.id, number=1, status="review", strategy="entropy", batch_size=PROPOSED)
        session.add(found)
        session.flush()
        for rank, patient in enumerate(pool, start=1):
            session.add(
                Score(
                    round_id=found.id,
                    patient_id=patient.id,
                    value=1.0 / rank,
                    components={"entropy": 0.5 / rank},
                    rank=rank,
                    selected=rank <= PROPOSED,
                    cost_cents=project.cost_per_patient_cents,
                )
            )
        return str(found.id), [str(p.id) for p in pool]


def _approve(client: TestClient, round_id: str, headers: dict[str, str], ids: list[str] | None = None) -> Any:
    body = None if ids is None else {"patient_ids": ids}
    return client.post(f"/api/rounds/{round_id}/approve", json=body, headers=headers)


def _selected(client: TestClient, round_id: str, headers: dict[str, str]) -> list[str]:
    scores = client.get(f"/api/rounds/{round_id}/scores", headers=headers).json()
    return [s["patient_id"] for s in scores if s["selected"]]


class TestStateMachine:
    def test_review_sits_between_selecting_and_ready_and_is_a_finished_job(self) -> None:
        assert can_transition("selecting", RoundStatus.review)
        assert can_transition("review", RoundStatus.ready) and can_transition("review", RoundStatus.cancelled)
        assert not can_transition("review", RoundStatus.annotating)
        assert RoundStatus.review in FINAL
        assert RoundStatus.review not in RUNNING and RoundStatus.review not in OPEN_FOR_ANNOTATION


class TestApproval:
    def test_auto_publish_is_a_project_setting(self, client: TestClient, demo: dict[str, str]) -> None:
        lead, admin = login(client, "lead"), login(client, "admin")
        project_id = demo["project_id"]
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["auto_publish"] is True
        response = client.patch(f"/api/projects/{project_id}/settings", json={"auto_publish": False}, headers=lead)
        assert response.status_code == 200 and response.json()["auto_publish"] is False
        events = client.get("/api/admin/audit", params={"action": "project.settings.update"}, headers=admin).json()
        assert events["events"][0]["details"]["auto_publish"] is False
        refused = client.patch(f"/api/projects/{project_id}/settings", json={"auto_publish": "maybe"}, headers=lead)
        assert refused.status_code == 422

    def test_the_queue_waits_for_the_lead_who_may_change_the_selection(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader, admin = login(client, "lead"), login(client, "radiologist"), login(client, "admin")
        project_id = demo["project_id"]
        round_id, pool = _round_in_review(project_id)
        assert client.get("/api/queue", headers=reader).json() == []
        assert client.get(f"/api/projects/{project_id}", headers=lead).json()["counts"]["queued"] == 0
        scores = client.get(f"/api/rounds/{round_id}/scores", headers=lead).json()
        assert all(s["cost"] == 1.0 for s in scores)
        # A new round cannot start over a selection nobody approved yet.
        blocked = client.post(f"/api/projects/{project_id}/rounds", json={}, headers=lead)
        assert blocked.status_code == 409 and "awaits approval" in blocked.json()["detail"]

        chosen = pool[PROPOSED : PROPOSED + 2]
        approved = _approve(client, round_id, lead, chosen)
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "ready"
        assert sorted(_selected(client, round_id, lead)) == sorted(chosen)
        assert sorted(item["patient_id"] for item in client.get("/api/queue", headers=reader).json()) == sorted(chosen)
        events = client.get("/api/admin/audit", params={"action": "round.approve"}, headers=admin).json()["events"]
        assert len(events) == 1 and events[0]["user"] == "lead"
        assert events[0]["details"]["patient_ids"] == chosen and events[0]["details"]["changed"] is True

        again = _approve(client, round_id, lead)
        assert again.status_code == 409 and "only a round in review" in again.json()["detail"]

    def test_approving_without_a_body_publishes_the_proposed_selection(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        admin, reader = login(client, "admin"), login(client, "radiologist")
        round_id, pool = _round_in_review(demo["project_id"])
        approved = client.post(f"/api/rounds/{round_id}/approve", headers=admin)
        assert approved.status_code == 200, approved.text
        assert [item["patient_id"] for item in client.get("/api/queue", headers=reader).json()] == pool[:PROPOSED]

    def test_a_selection_over_the_remaining_budget_is_refused_and_nothing_changes(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        round_id, pool = _round_in_review(project_id)
        spent = client.get(f"/api/projects/{project_id}", headers=lead).json()["budget_spent"]
        # Priced by volume size, with room for the two proposed patients and not a third.
        pricing = {"cost_mode": "volume", "cost_per_patient": 0.5, "cost_per_slice": 0.01}
        assert client.patch(f"/api/projects/{project_id}/budget", json=pricing, headers=lead).status_code == 200
        by_id = {p["id"]: p for p in patients(client, project_id, lead)}
        total = round(spent + by_id[pool[0]]["cost"] + by_id[pool[1]]["cost"], 2)
        response = client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": total}, headers=lead)
        assert response.status_code == 200, response.text

        refused = _approve(client, round_id, lead, pool[:3])
        assert refused.status_code == 409
        assert "remains" in refused.json()["detail"] and "deselect" in refused.json()["detail"]
        assert client.get(f"/api/rounds/{round_id}", headers=lead).json()["status"] == "review"
        assert _selected(client, round_id, lead) == pool[:PROPOSED]
        assert client.get("/api/queue", headers=reader).json() == []

    def test_only_unlabelled_pool_patients_scored_in_the_round_can_be_chosen(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        lead = login(client, "lead")
        project_id = demo["project_id"]
        round_id, pool = _round_in_review(project_id)
        annotated = patients(client, project_id, lead, status="annotated", split="pool")[0]["id"]
        moved = pool[-1]
        assert client.patch(f"/api/patients/{moved}", json={"split": "validation"}, headers=lead).status_code == 200
        for ids, words in (
            ([str(uuid.uuid4())], "Not scored in this round"),
            ([annotated], "Not scored in this round"),
            ([pool[0], pool[0]], "only once"),
            ([pool[0], moved], "not available"),
        ):
            refused = _approve(client, round_id, lead, ids)
            assert refused.status_code == 422, (ids, refused.text)
            assert words in refused.json()["detail"]
        assert client.get(f"/api/rounds/{round_id}", headers=lead).json()["status"] == "review"
        assert _selected(client, round_id, lead) == pool[:PROPOSED]

    def test_radiologists_cannot_approve(self, client: TestClient, demo: dict[str, str]) -> None:
        lead, reader = login(client, "lead"), login(client, "radiologist")
        round_id, _ = _round_in_review(demo["project_id"])
        assert _approve(client, round_id, reader).status_code == 403
        assert client.get(f"/api/rounds/{round_id}", headers=lead).json()["status"] == "review"

    def test_a_round_in_review_can_be_cancelled(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        round_id, _ = _round_in_review(demo["project_id"])
        cancelled = client.post(f"/api/rounds/{round_id}/cancel", headers=lead)
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        assert _approve(client, round_id, lead).status_code == 409
