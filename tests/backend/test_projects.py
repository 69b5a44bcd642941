from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import login


class TestDemoProject:
    def test_lead_sees_the_demo_patients_split_as_shipped(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        projects = client.get("/api/projects", headers=headers).json()
        assert [p["name"] for p in projects] == ["Hippocampus MRI (demo)"]
        counts = projects[0]["counts"]
        assert counts == {
            "patients": 10,
            "annotated": 4,
            "in_review": 0,
            "validation": 2,
            "reserved": 0,
            "queued": 0,
            "set_aside": 0,
            "unlabeled": 4,
        }
        patients = client.get(f"/api/projects/{demo['project_id']}/patients", headers=headers).json()
        assert len(patients) == 10
        assert all(len(p["shape"]) == 3 for p in patients)


class TestBudget:
    def test_update_is_applied_and_written_to_the_ledger(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        response = client.patch(
            f"/api/projects/{demo['project_id']}/budget",
            json={"cost_per_patient": 2.5, "budget_total": 25},
            headers=headers,
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["cost_per_patient"], body["budget_total"], body["budget_remaining"]) == (2.5, 25.0, 25.0)
        from sqlalchemy import select

        from backend.db.session import session_scope
        from backend.models import LedgerEntry

        with session_scope() as session:
            amounts = [e.amount_cents for e in session.scalars(select(LedgerEntry).order_by(LedgerEntry.created_at))]
        assert amounts == [1000, 1500]

    def test_negative_budget_is_rejected_and_changes_nothing(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        url = f"/api/projects/{demo['project_id']}/budget"
        response = client.patch(url, json={"budget_total": -1}, headers=headers)
        assert response.status_code == 422
        assert client.get(f"/api/projects/{demo['project_id']}", headers=headers).json()["budget_total"] == 10.0

    def test_unknown_project_is_404(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "admin")
        response = client.get("/api/projects/00000000-0000-0000-0000-000000000000", headers=headers)
        assert response.status_code == 404
        assert "not found" in response.json()["detail"]

    def test_malformed_id_is_422(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "admin")
        assert client.get("/api/projects/not-a-uuid", headers=headers).status_code == 422
