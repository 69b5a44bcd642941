"""Revision 0013 gives existing audit events their target's project (the audit page's project filter reads that
column, not a list of the project's patient ids), past Postgres's append-only guard, which stays on afterwards."""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.migrations.conftest import alembic_config


def test_old_events_get_their_project_and_the_guard_stays(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0012")
    engine = create_engine(url)
    sqlite = url.startswith("sqlite")

    def stored(value: uuid.UUID) -> str:
        return value.hex if sqlite else str(value)

    project, patient, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, created_at, name, modality, labels, cost_per_patient_cents, cost_mode, "
                "budget_total_cents, budget_spent_cents, strategy, batch_size, pseudonym_key) "
                "VALUES (:id, '2026-12-01 09:00:00', 'p', 'MR', '[]', 100, 'flat', 1000, 0, 'random', 2, 'k')"
            ),
            {"id": stored(project)},
        )
        connection.execute(
            text(
                "INSERT INTO patients (id, created_at, project_id, external_id, split, status) "
                "VALUES (:id, '2026-12-01 09:00:00', :project, 'P-1', 'pool', 'unlabeled')"
            ),
            {"id": stored(patient), "project": stored(project)},
        )
        events = {
            "patient.view": ("patient", str(patient)),
            "project.budget": ("project", str(project)),
            "user.create": ("user", str(other)),
            "patient.gone": ("patient", str(other)),
        }
        for action, (target_type, target_id) in events.items():
            connection.execute(
                text(
                    "INSERT INTO audit_events (id, created_at, action, target_type, target_id, details) "
                    "VALUES (:id, '2026-12-01 09:00:00', :action, :type, :target, '{}')"
                ),
                {"id": stored(uuid.uuid4()), "action": action, "type": target_type, "target": target_id},
            )
    command.upgrade(config, "0013")
    with engine.begin() as connection:
        rows = dict(connection.execute(text("SELECT action, project_id FROM audit_events")).all())
    found = {action: (uuid.UUID(str(value)) if value is not None else None) for action, value in rows.items()}
    assert found == {"patient.view": project, "project.budget": project, "user.create": None, "patient.gone": None}
    if not sqlite:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("UPDATE audit_events SET action = 'x'"))
    command.downgrade(config, "0012")
    with engine.connect() as connection:
        assert "project_id" not in set(connection.execute(text("SELECT * FROM audit_events")).keys())
    engine.dispose()
