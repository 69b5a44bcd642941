"""A database pool that stays busy answers 503 with Retry-After in the one error shape, not a 500 (issue 16: at 50
readers the default pool of 15 connections turned a login burst into 500s), and the request changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import DEMO_PASSWORD, migrated_database, reset_caches


@pytest.fixture(scope="module", params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, session_tmp: Path) -> Iterator[str]:
    """Postgres only: SQLite's pool is not configured by these settings."""
    with migrated_database(request.param, session_tmp / f"pool-pg-{uuid.uuid4().hex[:6]}") as url:
        yield url


def test_a_request_that_finds_no_free_connection_is_a_503_and_a_retry_succeeds(
    client: TestClient, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.db.session import get_engine

    monkeypatch.setenv("DB_POOL_SIZE", "1")
    monkeypatch.setenv("DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("DB_POOL_TIMEOUT_S", "0.5")
    get_engine().dispose()
    reset_caches()
    try:
        held = get_engine().connect()  # the pool's only connection
        try:
            body = {"username": "lead", "password": DEMO_PASSWORD}
            busy = client.post("/api/auth/login", json=body)
            assert busy.status_code == 503, busy.text
            assert busy.json() == {"error": "ServiceBusy", "detail": "The server is busy; retry in a few seconds"}
            assert int(busy.headers["Retry-After"]) >= 1
        finally:
            held.close()
        assert client.post("/api/auth/login", json=body).status_code == 200
    finally:
        get_engine().dispose()
        monkeypatch.undo()
        reset_caches()
