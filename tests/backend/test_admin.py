"""Admin: user management, the audit log with its filters, and the project dashboard."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from backend.db.session import session_scope
from backend.models import Annotation, Job, Round, Score
from tests.conftest import login


def _user_id(client: TestClient, admin: dict[str, str], username: str) -> str:
    return next(u["id"] for u in client.get("/api/admin/users", headers=admin).json() if u["username"] == username)


class TestUserManagement:
    def test_create_deactivate_reset_and_change_role(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        created = client.post(
            "/api/admin/users",
            json={"username": "reader2", "password": "first-password", "role": "radiologist"},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        user_id = created.json()["id"]
        reader = login(client, "reader2", "first-password")
        client.cookies.clear()
        assert client.get("/api/auth/me", headers=reader).json()["role"] == "radiologist"

        assert (
            client.patch(f"/api/admin/users/{user_id}", json={"role": "lead"}, headers=admin).json()["role"] == "lead"
        )
        # A role change ends the account's sessions: the new role comes with the next login.
        assert client.get("/api/auth/me", headers=reader).status_code == 401
        reader = login(client, "reader2", "first-password")
        client.cookies.clear()
        assert client.get("/api/auth/me", headers=reader).json()["role"] == "lead"

        reset = client.post(f"/api/admin/users/{user_id}/password", json={"password": "second-password"}, headers=admin)
        assert reset.status_code == 204
        bad = client.post("/api/auth/login", json={"username": "reader2", "password": "first-password"})
        assert bad.status_code == 401
        reader = login(client, "reader2", "second-password")
        client.cookies.clear()

        off = client.patch(f"/api/admin/users/{user_id}", json={"is_active": False}, headers=admin)
        assert off.json()["is_active"] is False
        # The existing session stops working at once, and so does logging in.
        assert client.get("/api/auth/me", headers=reader).status_code == 401
        assert (
            client.post("/api/auth/login", json={"username": "reader2", "password": "second-password"}).status_code
            == 401
        )

        actions = [
            e["action"]
            for e in client.get("/api/admin/audit", params={"action": "user"}, headers=admin).json()["events"]
        ]
        assert actions == ["user.deactivate", "user.password.reset", "user.role.change", "user.create"]

    def test_bad_input_is_refused_and_changes_nothing(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        short = client.post(
            "/api/admin/users", json={"username": "x2", "password": "short", "role": "lead"}, headers=admin
        )
        assert short.status_code == 422 and "password" in short.json()["detail"]
        duplicate = client.post(
            "/api/admin/users",
            json={"username": "lead", "password": "a-long-enough-phrase", "role": "lead"},
            headers=admin,
        )
        assert duplicate.status_code == 409
        role = client.post(
            "/api/admin/users",
            json={"username": "x3", "password": "a-long-enough-phrase", "role": "god"},
            headers=admin,
        )
        assert role.status_code == 422
        me = _user_id(client, admin, "admin")
        for body in ({"is_active": False}, {"role": "lead"}):
            refused = client.patch(f"/api/admin/users/{me}", json=body, headers=admin)
            assert refused.status_code == 400 and "your own account" in refused.json()["detail"]
        missing = client.patch(f"/api/admin/users/{uuid.uuid4()}", json={"role": "lead"}, headers=admin)
        assert missing.status_code == 404
        users = client.get("/api/admin/users", headers=admin).json()
        assert sorted((u["username"], u["role"], u["is_active"]) for u in users) == [
            ("admin", "admin", True),
            ("lead", "lead", True),
            ("radiologist", "radiologist", True),
        ]


class TestAuditLog:
    def test_filters_by_user_action_date_and_project(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = demo["project_id"]
        admin, lead, radiologist = login(client, "admin"), login(client, "lead"), login(client, "radiologist")
        client.cookies.clear()
        client.patch(f"/api/projects/{project_id}/budget", json={"budget_total": 20}, headers=lead)
        patient = client.get(f"/api/projects/{project_id}/patients", headers=radiologist).json()[0]
        client.get(f"/api/patients/{patient['id']}", headers=radiologist)
        client.get(f"/api/projects/{project_id}/export", headers=lead)

        def events(**params: str) -> list[dict[str, object]]:
            response = client.get("/api/admin/audit", params=params, headers=admin)
            assert response.status_code == 200, response.text
            return list(response.json()["events"])

        assert [e["action"] for e in events(user="radiologist")] == ["patient.view", "auth.login"]
        assert [e["action"] for e in events(user="lead")] == ["project.export", "project.budget.update", "auth.login"]
        assert [e["user"] for e in events(action="project.budget.update")] == ["lead"]
        assert {e["action"] for e in events(project_id=project_id)} == {
            "project.export",
            "project.budget.update",
            "patient.view",
        }
        assert events(project_id=str(uuid.uuid4())) == []
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert events(since=later) == []
        assert len(events(until=later)) == 6  # the three logins, the budget change, the view, the export
        page = client.get("/api/admin/audit", params={"limit": 1}, headers=admin).json()
        assert page["total"] == 6 and len(page["events"]) == 1
        # Every action recorded, once each and in order (a skip scan of the action index).
        assert page["actions"] == ["auth.login", "patient.view", "project.budget.update", "project.export"]

    def test_bad_filters_are_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        assert client.get("/api/admin/audit", params={"user": "nobody"}, headers=admin).status_code == 400
        assert client.get("/api/admin/audit", params={"since": "yesterday"}, headers=admin).status_code == 422
        now = datetime.now(UTC).isoformat()
        inverted = client.get("/api/admin/audit", params={"since": now, "until": now}, headers=admin)
        assert inverted.status_code == 400 and "before" in inverted.json()["detail"]

    def test_the_api_offers_no_way_to_change_or_delete_events(self, client: TestClient, demo: dict[str, str]) -> None:
        paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
        audit_methods = {m for path, item in paths.items() if "audit" in path for m in item}
        assert audit_methods == {"get"}


class TestDashboard:
    def test_rounds_dice_efficiency_uncertainty_and_throughput(self, client: TestClient, demo: dict[str, str]) -> None:
        project_id = uuid.UUID(demo["project_id"])
        lead = login(client, "lead")
        radiologist = login(client, "radiologist")
        client.cookies.clear()
        patients = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
        pool = [p for p in patients if p["split"] == "pool"]
        started = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
        with session_scope() as session:
            for number, dice in ((1, 0.5), (2, 0.7)):
                found = Round(
                    project_id=project_id,
                    number=number,
                    status="closed" if number == 1 else "training",
                    strategy="entropy",
                    batch_size=2,
                    started_at=started,
                    finished_at=started + timedelta(seconds=90) if number == 1 else None,
                    metrics={
                        "val_dice": dice,
                        "val_dice_per_label": {"anterior": dice - 0.1, "posterior": dice + 0.1},
                        "n_train": 2 + 2 * number,
                        "n_selected": 2,
                    }
                    if number == 1
                    else {},
                )
                session.add(found)
                session.flush()
                if number == 1:
                    # The job computed for 45 s; the round closed later (its finished_at counts annotation time).
                    session.add(
                        Job(
                            round_id=found.id,
                            kind="round",
                            status="succeeded",
                            started_at=started,
                            finished_at=started + timedelta(seconds=45),
                        )
                    )
                for rank, patient in enumerate(pool, start=1):
                    session.add(
                        Score(round_id=found.id, patient_id=uuid.UUID(patient["id"]), value=rank / 10, rank=rank)
                    )
            session.execute(update(Annotation).where(Annotation.source == "import").values(time_spent_s=None))
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        assert [(r["number"], r["status"]) for r in board["rounds"]] == [(1, "closed"), (2, "training")]
        assert board["rounds"][0]["duration_s"] == 45.0
        assert board["rounds"][0]["val_dice_per_label"] == {"anterior": 0.4, "posterior": 0.6}
        assert board["running"] is True
        assert board["efficiency"] == [{"round": 1, "patients_annotated": 4, "val_dice": 0.5}]
        histograms = board["uncertainty"]
        assert [h["round"] for h in histograms] == [1, 2]
        assert all(sum(h["counts"]) == len(pool) == h["n"] for h in histograms)
        assert histograms[0]["edges"] == histograms[1]["edges"] and len(histograms[0]["edges"]) == 11
        assert board["throughput"] == []
        # Two timed submissions by the radiologist: 60 s and 120 s.
        import numpy as np

        from tests.backend.helpers import nifti_bytes, publish_round, submit

        cases = [p for p in pool if p["status"] == "unlabeled"][:2]
        publish_round(str(project_id), [p["id"] for p in cases])  # readers annotate only what a published round offers
        for patient, seconds in zip(cases, ("60", "120"), strict=True):
            mask = nifti_bytes(np.zeros(patient["shape"], np.uint8))
            assert submit(client, patient["id"], radiologist, mask, time_spent_s=seconds).status_code == 201
        throughput = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()["throughput"]
        assert throughput == [
            {
                "username": "radiologist",
                "cases": 2,
                "timed_cases": 2,
                "hours": 0.05,
                "cases_per_hour": 40.0,
                "median_seconds": 90.0,
                # Nothing reviewed or read twice in this project.
                "agreement_with_readers": None,
                "cases_read_twice": 0,
                "agreement_with_accepted": None,
                "cases_reviewed": 0,
                "returned": 0,
            }
        ]

    def test_radiologists_have_no_dashboard(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.get(f"/api/projects/{demo['project_id']}/dashboard", headers=login(client, "radiologist"))
        assert response.status_code == 403
