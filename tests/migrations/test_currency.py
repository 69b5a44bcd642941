"""Revision 0011 gives every existing project a currency (EUR, what amounts were implicitly shown as) and rolls back
cleanly; on SQLite and Postgres."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, text

from tests.migrations.conftest import alembic_config


def test_existing_projects_get_euros_and_the_downgrade_drops_the_column(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0010")
    engine = create_engine(url)
    project = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, created_at, name, modality, labels, cost_per_patient_cents, cost_mode, "
                "budget_total_cents, budget_spent_cents, strategy, batch_size, pseudonym_key) "
                "VALUES (:id, '2026-12-01 09:00:00', 'p', 'MR', '[]', 1250, 'flat', 10000, 0, 'random', 2, 'k')"
            ),
            {"id": project.hex if url.startswith("sqlite") else str(project)},
        )
    command.upgrade(config, "0011")
    with engine.begin() as connection:
        assert connection.execute(text("SELECT currency, cost_per_patient_cents FROM projects")).one() == ("EUR", 1250)
        connection.execute(text("UPDATE projects SET currency = 'CHF'"))
    command.downgrade(config, "0010")
    with engine.connect() as connection:
        columns = set(connection.execute(text("SELECT * FROM projects")).keys())
        cost = connection.execute(text("SELECT cost_per_patient_cents FROM projects")).scalar_one()
    assert "currency" not in columns
    assert cost == 1250
    engine.dispose()
