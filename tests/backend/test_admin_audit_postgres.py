"""The audit log is append-only in the database itself: on Postgres a trigger refuses UPDATE, DELETE, TRUNCATE."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.db.session import session_scope
from tests.conftest import login, migrated_database


@pytest.fixture(scope="module", params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, session_tmp: Path) -> Iterator[str]:
    """This module is about a Postgres trigger, so it overrides the suite's SQLite/Postgres pair with Postgres."""
    with migrated_database(request.param, session_tmp / f"audit-pg-{uuid.uuid4().hex[:6]}") as url:
        yield url


def _one_event(client: TestClient, demo: dict[str, str]) -> None:
    headers = login(client, "lead")
    assert (
        client.patch(
            f"/api/projects/{demo['project_id']}/budget", json={"budget_total": 11}, headers=headers
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'forged'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
def test_the_database_refuses_to_rewrite_history(client: TestClient, demo: dict[str, str], statement: str) -> None:
    _one_event(client, demo)
    with pytest.raises(DBAPIError) as refused, session_scope() as session:
        session.execute(text(statement))
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    assert "audit_events is append-only" in str(refused.value.orig)
    with session_scope() as session:
        actions = list(session.scalars(text("SELECT action FROM audit_events")))
    assert "project.budget.update" in actions and "forged" not in actions


def test_inserts_still_work_and_maintenance_must_opt_in(client: TestClient, demo: dict[str, str]) -> None:
    from backend.audit.service import allow_purge

    _one_event(client, demo)
    with session_scope() as session:
        before = session.scalar(text("SELECT count(*) FROM audit_events"))
        allow_purge(session)
        session.execute(text("DELETE FROM audit_events WHERE action = 'project.budget.update'"))
    with session_scope() as session:
        after = session.scalar(text("SELECT count(*) FROM audit_events"))
        # The opt-in was SET LOCAL: the next transaction is guarded again.
        with pytest.raises(DBAPIError):
            session.execute(text("DELETE FROM audit_events"))
    assert before is not None and after == before - 1
