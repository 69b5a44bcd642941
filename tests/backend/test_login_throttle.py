"""Login throttling by account and by client address, kept in the database (issue 11 item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.core.config import get_settings
from backend.db.session import session_scope
from backend.main import create_app
from backend.models import AuditEvent, LoginFailure, User
from tests.conftest import DEMO_PASSWORD, login


def _attempt(client: TestClient, username: str, password: str = "wrong-password-guess") -> tuple[int, dict[str, str]]:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    return response.status_code, {"retry-after": response.headers.get("retry-after", ""), **response.json()}


def _age_failures(seconds: int) -> None:
    """Move every recorded failure into the past, as if ``seconds`` had passed."""
    with session_scope() as session:
        for failure in session.scalars(select(LoginFailure)):
            failure.created_at -= timedelta(seconds=seconds)


def _events(action: str) -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def address_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("LOGIN_MAX_FAILURES_PER_ADDRESS", "8")
    get_settings.cache_clear()
    yield 8
    monkeypatch.delenv("LOGIN_MAX_FAILURES_PER_ADDRESS")
    get_settings.cache_clear()


class TestAccountThrottle:
    def test_five_failures_lock_the_account_with_429_and_retry_after(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        assert [_attempt(client, "lead")[0] for _ in range(5)] == [401] * 5
        status, body = _attempt(client, "lead", DEMO_PASSWORD)  # even the right password waits
        assert status == 429
        assert body["error"] == "TooManyRequests"
        assert body["detail"].startswith("Too many failed logins for this account; try again in ")
        assert 1 <= int(body["retry-after"]) <= 2
        assert f"in {body['retry-after']} seconds" in body["detail"]
        # Another account from the same address is not locked by the account rule.
        login(client, "radiologist")

    def test_every_failure_and_the_lock_are_audited(self, client: TestClient, demo: dict[str, str]) -> None:
        for _ in range(5):
            _attempt(client, "lead")
        _attempt(client, "nobody-by-this-name")
        failed = _events("auth.login_failed")
        assert len(failed) == 6
        with session_scope() as session:
            lead_id = session.scalar(select(User.id).where(User.username == "lead"))
        lead_events = [e for e in failed if e.details["username"] == "lead"]
        assert len(lead_events) == 5
        assert all(e.user_id == lead_id and e.target_id == str(lead_id) for e in lead_events)
        assert all(e.details["client_address"] == "testclient" for e in failed)
        assert all(e.details["reason"] == "wrong password" for e in lead_events)
        unknown = next(e for e in failed if e.details["username"] == "nobody-by-this-name")
        assert unknown.user_id is None and unknown.details["reason"] == "unknown user"
        locked = _events("auth.login_locked")
        assert len(locked) == 1
        assert locked[0].details["scope"] == "account" and locked[0].user_id == lead_id
        # A refused attempt during the lock is neither checked nor counted.
        assert _attempt(client, "lead")[0] == 429
        assert len(_events("auth.login_failed")) == 6

    def test_back_off_doubles_and_is_capped(self, client: TestClient, demo: dict[str, str]) -> None:
        for _ in range(5):
            _attempt(client, "lead")
        _age_failures(3)  # the 2 s lock is over
        assert _attempt(client, "lead")[0] == 401  # failure 6 ...
        status, body = _attempt(client, "lead")
        assert status == 429 and 3 <= int(body["retry-after"]) <= 4  # ... locks for 4 s
        with session_scope() as session:
            for _ in range(30):
                session.add(LoginFailure(username="lead", client_address="elsewhere"))
        status, body = _attempt(client, "lead")
        assert status == 429 and int(body["retry-after"]) == get_settings().login_lockout_max_s

    def test_failures_outside_the_window_no_longer_count(self, client: TestClient, demo: dict[str, str]) -> None:
        for _ in range(5):
            _attempt(client, "lead")
        _age_failures(get_settings().login_window_s + 1)
        login(client, "lead")

    def test_a_successful_login_resets_the_account(self, client: TestClient, demo: dict[str, str]) -> None:
        for _ in range(4):
            _attempt(client, "lead")
        login(client, "lead")
        with session_scope() as session:
            assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
        assert [_attempt(client, "lead")[0] for _ in range(4)] == [401] * 4
        login(client, "lead")

    def test_the_lock_is_shared_by_every_api_process(self, client: TestClient, demo: dict[str, str]) -> None:
        for _ in range(5):
            _attempt(client, "lead")
        with TestClient(create_app()) as second_process:
            assert _attempt(second_process, "lead", DEMO_PASSWORD)[0] == 429


class TestAddressThrottle:
    def test_many_usernames_from_one_address_lock_the_address(
        self, client: TestClient, demo: dict[str, str], address_limit: int
    ) -> None:
        # Two failures per name stay under the account limit; the address collects all of them.
        names = [f"guess-{i}" for i in range(address_limit // 2)]
        assert [_attempt(client, name)[0] for name in names for _ in range(2)] == [401] * address_limit
        status, body = _attempt(client, "admin", DEMO_PASSWORD)
        assert status == 429
        assert body["detail"].startswith("Too many failed logins from this address")
        assert int(body["retry-after"]) >= 1
        assert [e.details["scope"] for e in _events("auth.login_locked")] == ["address"]

    def test_another_address_is_not_locked(self, client: TestClient, demo: dict[str, str], address_limit: int) -> None:
        with session_scope() as session:
            for i in range(address_limit):
                session.add(LoginFailure(username=f"guess-{i}", client_address="203.0.113.7"))
        login(client, "admin")  # the test client's own address has no failures
