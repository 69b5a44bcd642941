"""The password policy (issue 11 item 5): length, zxcvbn strength, the user's own name; one rule everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend import cli
from backend.core.config import get_settings
from backend.core.errors import BadInput
from backend.db.session import session_scope
from backend.models import AuditEvent, User
from backend.user import password_policy
from tests.conftest import DEMO_PASSWORD, login

STRONG = "velvet-kettle-marathon-9"


def _users() -> set[str]:
    with session_scope() as session:
        return set(session.scalars(select(User.username)))


def _audit_count(action: str) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)) or 0


class TestPolicy:
    @pytest.mark.parametrize(
        ("password", "username", "message"),
        [
            ("short-pass", "anna", "at least 12 characters"),
            ("password1234", "anna", "very common password"),
            ("qwertyuiop123", "anna", "too easy to guess"),
            ("annabelle1990", "annabelle", "too easy to guess"),
            ("annabelle-annabelle", "annabelle", "built from the username"),
            ("radloop-radloop-2024", "anna", "product's name"),
            ("x" * 257, "anna", "at most 256"),
        ],
    )
    def test_weak_passwords_are_refused_with_a_reason(self, password: str, username: str, message: str) -> None:
        with pytest.raises(BadInput, match=message):
            password_policy.check(password, username=username)

    @pytest.mark.parametrize("password", [STRONG, DEMO_PASSWORD, "Bx7#kq!2Lm9@wZ"])
    def test_strong_passwords_pass(self, password: str) -> None:
        password_policy.check(password, username="anna")

    def test_long_passwords_are_judged_by_their_first_72_characters(self) -> None:
        with pytest.raises(BadInput, match="too easy to guess"):
            password_policy.check("a" * 80 + "-velvet-kettle-marathon", username="anna")
        password_policy.check(STRONG * 8, username="anna")


class TestEverywhereAPasswordIsSet:
    def test_admin_create_refuses_weak_passwords_and_creates_nothing(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        admin = login(client, "admin")
        before = _users()
        weak = client.post(
            "/api/admin/users", json={"username": "anna", "password": "password1234", "role": "lead"}, headers=admin
        )
        assert weak.status_code == 400
        assert weak.json()["error"] == "BadInput"
        assert weak.json()["detail"].startswith("This password is too easy to guess. This is a very common password.")
        short = client.post(
            "/api/admin/users", json={"username": "anna", "password": "short-pass", "role": "lead"}, headers=admin
        )
        assert short.status_code == 422 and "password" in short.json()["detail"]
        assert _users() == before and _audit_count("user.create") == 0
        made = client.post(
            "/api/admin/users", json={"username": "anna", "password": STRONG, "role": "lead"}, headers=admin
        )
        assert made.status_code == 201
        login(client, "anna", STRONG)

    def test_admin_reset_refuses_weak_passwords_and_keeps_the_old_one(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        admin = login(client, "admin")
        lead_id = next(u["id"] for u in client.get("/api/admin/users", headers=admin).json() if u["username"] == "lead")
        reader = login(client, "lead")
        client.cookies.clear()
        refused = client.post(f"/api/admin/users/{lead_id}/password", json={"password": "lead12345678"}, headers=admin)
        assert refused.status_code == 400
        assert _audit_count("user.password.reset") == 0
        assert client.get("/api/auth/me", headers=reader).status_code == 200  # nothing was revoked either
        login(client, "lead")

    def test_cli_create_user_refuses_weak_passwords(
        self, demo: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = cli.main(["create-user", "cli-user", "--role", "radiologist", "--password", "cli-user-1234"])
        assert code == 2
        assert "error: This password" in capsys.readouterr().err
        assert "cli-user" not in _users()
        assert cli.main(["create-user", "cli-user", "--role", "radiologist", "--password", STRONG]) == 0
        assert "cli-user" in _users()

    def test_a_weak_demo_password_is_refused_with_a_pointer_to_the_variable(
        self, db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("RADLOOP_DEMO_PASSWORD", "demo")
        get_settings.cache_clear()
        try:
            assert cli.main(["seed-demo"]) == 2
        finally:
            monkeypatch.setenv("RADLOOP_DEMO_PASSWORD", DEMO_PASSWORD)
            get_settings.cache_clear()
        assert "RADLOOP_DEMO_PASSWORD" in capsys.readouterr().err
        assert _users() == set()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()
