"""Revocable server-side sessions (issue 11 item 4): a token is only as good as its session row."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update

from backend.core.config import get_settings
from backend.db.session import get_engine, session_scope
from backend.models import AuditEvent, AuthSession, User
from tests.conftest import DEMO_PASSWORD, login

NEW_PASSWORD = "quiet-orchard-lantern-41"


def _me(client: TestClient, headers: dict[str, str]) -> int:
    client.cookies.clear()
    return client.get("/api/auth/me", headers=headers).status_code


def _user_id(username: str) -> uuid.UUID:
    with session_scope() as session:
        found = session.scalar(select(User.id).where(User.username == username))
        assert found is not None
        return found


def _claims(headers: dict[str, str]) -> dict[str, Any]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})


def _token(claims: dict[str, Any], secret: str | None = None) -> dict[str, str]:
    key = secret or get_settings().resolved_secret_key()
    return {"Authorization": f"Bearer {jwt.encode(claims, key, algorithm='HS256')}"}


def _live_sessions(username: str) -> int:
    with session_scope() as session:
        rows = session.scalars(select(AuthSession).where(AuthSession.user_id == _user_id(username))).all()
        return sum(1 for row in rows if row.revoked_at is None)


class TestLogin:
    def test_login_opens_a_session_row_named_by_the_token(self, client: TestClient, demo: dict[str, str]) -> None:
        client.headers["User-Agent"] = "pytest-browser/1.0 " + "x" * 400
        headers = login(client, "lead")
        claims = _claims(headers)
        assert set(claims) == {"sub", "sid", "iat", "exp"}
        with session_scope() as session:
            row = session.get(AuthSession, uuid.UUID(claims["sid"]))
            assert row is not None and row.revoked_at is None
            assert str(row.user_id) == claims["sub"]
            assert row.user_agent is not None and len(row.user_agent) == 256  # truncated
            assert row.client_address == "testclient"
            assert abs(row.expires_at.timestamp() - claims["exp"]) < 1
        assert _me(client, headers) == 200

    def test_sessions_lists_the_callers_live_sessions(self, client: TestClient, demo: dict[str, str]) -> None:
        first = login(client, "lead")
        second = login(client, "lead")
        login(client, "radiologist")
        client.cookies.clear()
        listed = client.get("/api/auth/sessions", headers=second).json()
        assert len(listed) == 2
        assert [s["current"] for s in listed] == [True, False]
        assert {s["id"] for s in listed} == {_claims(first)["sid"], _claims(second)["sid"]}

    def test_checking_a_request_is_one_primary_key_read(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        client.cookies.clear()
        statements: list[str] = []

        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        engine = get_engine()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get("/api/auth/me", headers=headers).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 1, statements
        assert "sessions.id = " in selects[0] and "JOIN users" in selects[0]


class TestRevocation:
    def test_logout_ends_that_session_only(self, client: TestClient, demo: dict[str, str]) -> None:
        laptop = login(client, "lead")
        phone = login(client, "lead")
        client.cookies.clear()
        response = client.post("/api/auth/logout", headers=laptop)
        assert response.status_code == 204
        assert 'radloop_session=""' in response.headers["set-cookie"]  # the cookie is cleared
        assert _me(client, laptop) == 401
        assert client.get("/api/auth/me", headers=laptop).json()["detail"].startswith("This session has ended")
        assert _me(client, phone) == 200
        with session_scope() as session:
            actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.action == "auth.logout")))
        assert actions == ["auth.logout"]

    def test_logout_through_the_cookie_ends_the_cookie_session(self, client: TestClient, demo: dict[str, str]) -> None:
        response = client.post("/api/auth/login", json={"username": "lead", "password": DEMO_PASSWORD})
        cookie = response.cookies["radloop_session"]
        assert client.post("/api/auth/logout").status_code == 204
        client.cookies.clear()
        client.cookies.set("radloop_session", cookie)
        assert client.get("/api/auth/me").status_code == 401

    def test_admin_password_reset_ends_every_session(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        sessions = [login(client, "radiologist") for _ in range(2)]
        target = _user_id("radiologist")
        client.cookies.clear()
        reset = client.post(f"/api/admin/users/{target}/password", json={"password": NEW_PASSWORD}, headers=admin)
        assert reset.status_code == 204, reset.text
        assert [_me(client, h) for h in sessions] == [401, 401]
        assert _me(client, login(client, "radiologist", NEW_PASSWORD)) == 200
        assert _me(client, admin) == 200  # the admin's own session is untouched

    def test_deactivation_ends_sessions_and_reactivation_never_revives_them(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        admin = login(client, "admin")
        old = login(client, "radiologist")
        target = _user_id("radiologist")
        client.cookies.clear()
        assert client.patch(f"/api/admin/users/{target}", json={"is_active": False}, headers=admin).status_code == 200
        assert _me(client, old) == 401
        assert client.patch(f"/api/admin/users/{target}", json={"is_active": True}, headers=admin).status_code == 200
        assert _me(client, old) == 401
        assert _live_sessions("radiologist") == 0
        assert _me(client, login(client, "radiologist")) == 200

    def test_role_change_ends_sessions(self, client: TestClient, demo: dict[str, str]) -> None:
        admin = login(client, "admin")
        old = login(client, "radiologist")
        client.cookies.clear()
        changed = client.patch(f"/api/admin/users/{_user_id('radiologist')}", json={"role": "lead"}, headers=admin)
        assert changed.status_code == 200
        assert _me(client, old) == 401
        fresh = login(client, "radiologist")
        client.cookies.clear()
        assert client.get("/api/auth/me", headers=fresh).json()["role"] == "lead"
        with session_scope() as session:
            event_row = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role.change"))
            assert event_row is not None and event_row.details["sessions_ended"] == 1

    def test_own_password_change_ends_the_other_sessions(self, client: TestClient, demo: dict[str, str]) -> None:
        other = login(client, "lead")
        here = login(client, "lead")
        client.cookies.clear()
        changed = client.post(
            "/api/auth/password",
            json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
            headers=here,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json() == {"sessions_ended": 1}
        assert _me(client, here) == 200
        assert _me(client, other) == 401
        refused = client.post("/api/auth/login", json={"username": "lead", "password": DEMO_PASSWORD})
        assert refused.status_code == 401
        login(client, "lead", NEW_PASSWORD)

    def test_own_password_change_refuses_a_wrong_current_password_and_changes_nothing(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        other = login(client, "lead")
        here = login(client, "lead")
        client.cookies.clear()
        wrong = client.post(
            "/api/auth/password",
            json={"current_password": "not-my-password", "new_password": NEW_PASSWORD},
            headers=here,
        )
        assert wrong.status_code == 400
        assert wrong.json() == {"error": "BadInput", "detail": "The current password is wrong"}
        weak = client.post(
            "/api/auth/password",
            json={"current_password": DEMO_PASSWORD, "new_password": "password12345"},
            headers=here,
        )
        assert weak.status_code == 400 and "common" in weak.json()["detail"]
        assert _me(client, other) == 200 and _me(client, here) == 200
        login(client, "lead")  # the old password still works
        with session_scope() as session:
            failed = session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
            assert failed is not None and "password change" in failed.details["reason"]


class TestRefusedTokens:
    def test_token_without_exp_is_refused_even_for_a_live_session(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        claims = _claims(login(client, "lead"))
        client.cookies.clear()
        del claims["exp"]
        assert _me(client, _token(claims)) == 401

    def test_tokens_missing_sid_sub_or_iat_are_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        claims = _claims(login(client, "lead"))
        for missing in ("sid", "sub", "iat"):
            partial = {k: v for k, v in claims.items() if k != missing}
            assert _me(client, _token(partial)) == 401, missing

    def test_token_with_an_unknown_sid_is_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        claims = _claims(login(client, "lead"))
        assert _me(client, _token({**claims, "sid": str(uuid.uuid4())})) == 401
        assert _me(client, _token({**claims, "sid": "not-a-uuid"})) == 401

    def test_another_users_session_cannot_be_borrowed(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = _claims(login(client, "lead"))
        radiologist = _claims(login(client, "radiologist"))
        assert _me(client, _token({**lead, "sid": radiologist["sid"]})) == 401

    def test_forged_signature_is_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        claims = _claims(login(client, "lead"))
        assert _me(client, _token(claims, secret="someone-elses-key-0123456789-abcdefghij")) == 401
        unsigned = jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]
        assert _me(client, {"Authorization": f"Bearer {unsigned}"}) == 401

    def test_expired_token_is_refused(self, client: TestClient, demo: dict[str, str]) -> None:
        claims = _claims(login(client, "lead"))
        past = int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())
        assert _me(client, _token({**claims, "exp": past})) == 401

    def test_expired_session_row_is_refused_whatever_the_token_says(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        headers = login(client, "lead")
        sid = uuid.UUID(_claims(headers)["sid"])
        with session_scope() as session:
            session.execute(
                update(AuthSession)
                .where(AuthSession.id == sid)
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        client.cookies.clear()
        response = client.get("/api/auth/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["detail"] == "Session expired; please log in again"
        assert client.get("/api/auth/sessions", headers=login(client, "lead")).json()[0]["id"] != str(sid)

    def test_last_seen_is_refreshed_at_most_once_a_minute(self, client: TestClient, demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        sid = uuid.UUID(_claims(headers)["sid"])
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        with session_scope() as session:
            session.execute(update(AuthSession).where(AuthSession.id == sid).values(last_seen_at=long_ago))
        assert _me(client, headers) == 200
        with session_scope() as session:
            row = session.get(AuthSession, sid)
            assert row is not None and row.last_seen_at > long_ago + timedelta(minutes=4)
