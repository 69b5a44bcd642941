from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import login


class TestLogin:
    def test_returns_token_and_sets_cookie(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.post("/api/auth/login", json={"username": "lead", "password": "demo-password-for-tests"})
        assert response.status_code == 200
        body = response.json()
        assert body["user"]["role"] == "lead"
        assert body["token_type"] == "bearer"
        assert "radloop_session" in response.cookies
        assert client.get("/api/auth/me").json()["username"] == "lead"

    def test_wrong_password_is_rejected_with_a_clear_message(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.post("/api/auth/login", json={"username": "lead", "password": "nope-nope"})
        assert response.status_code == 401
        assert response.json() == {"error": "Unauthorized", "detail": "Wrong username or password"}

    def test_missing_field_is_a_422_naming_the_field(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.post("/api/auth/login", json={"username": "lead"})
        assert response.status_code == 422
        assert "password" in response.json()["detail"]


class TestAccessControl:
    def test_health_needs_no_login(self, client: TestClient) -> None:
        assert client.get("/api/health").json()["status"] == "ok"

    def test_anonymous_callers_get_401_on_every_other_route(self, client: TestClient, demo: dict[str, str]) -> None:
        open_paths = {"/api/health", "/api/auth/login", "/api/auth/session"}
        pid = demo["project_id"]
        checked = 0
        for path, operations in client.get("/openapi.json").json()["paths"].items():
            if path in open_paths:
                continue
            for method in operations:
                url = re.sub(r"\{[a-z_]+\}", pid, path)
                response = client.request(method.upper(), url)
                assert response.status_code == 401, (method, path, response.status_code)
                checked += 1
        assert checked >= 15

    def test_openapi_is_published(self, client: TestClient) -> None:
        schema = client.get("/openapi.json").json()
        assert "/api/projects/{project_id}/rounds" in schema["paths"]

    def test_radiologist_cannot_change_the_budget(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "radiologist")
        response = client.patch(
            f"/api/projects/{demo['project_id']}/budget", json={"budget_total": 99}, headers=headers
        )
        assert response.status_code == 403

    def test_non_member_cannot_see_the_project(self, client: TestClient, demo: dict[str, str]) -> None:
        from backend.db.session import session_scope
        from backend.models.user import Role
        from backend.user import service as user_service

        with session_scope() as session:
            user_service.create(session, username="outsider", password="far-away-visitor-key", role=Role.radiologist)
        headers = login(client, "outsider", "far-away-visitor-key")
        assert client.get("/api/projects", headers=headers).json() == []
        response = client.get(f"/api/projects/{demo['project_id']}", headers=headers)
        assert response.status_code == 403

    def test_tampered_token_is_rejected(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        headers["Authorization"] += "x"
        assert client.get("/api/auth/me", headers=headers).status_code == 401
