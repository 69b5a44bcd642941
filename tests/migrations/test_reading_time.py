"""Revision 0009 adds the reading-time price, the selection objective and the forecast settings with defaults that
keep every existing project as it was, and rolls back cleanly (a project priced by reading time goes back to its
flat base cost); on SQLite and Postgres."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, text

from tests.migrations.conftest import alembic_config


def test_existing_projects_keep_their_pricing_and_the_downgrade_restores_the_old_schema(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0008")
    engine = create_engine(url)
    project = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, created_at, name, modality, labels, cost_per_patient_cents, cost_mode, "
                "budget_total_cents, budget_spent_cents, strategy, batch_size) "
                "VALUES (:id, '2026-11-30 12:00:00', 'p', 'MR', '[]', 100, 'volume', 1000, 0, 'random', 2)"
            ),
            {"id": project.hex if url.startswith("sqlite") else str(project)},
        )
    command.upgrade(config, "0009")
    with engine.begin() as connection:
        row = connection.execute(
            text(
                "SELECT cost_mode, cost_per_hour_cents, selection_objective, target_dice, stop_gain_per_100 "
                "FROM projects"
            )
        ).one()
        assert tuple(row) == ("volume", 0, "score", None, None)
        connection.execute(
            text(
                "UPDATE projects SET cost_mode = 'reading_time', cost_per_hour_cents = 6000, target_dice = 0.8, "
                "stop_gain_per_100 = 0.01, selection_objective = 'value_per_cost'"
            )
        )
    command.downgrade(config, "0008")
    with engine.connect() as connection:
        columns = set(connection.execute(text("SELECT * FROM projects")).keys())
        mode = connection.execute(text("SELECT cost_mode FROM projects")).scalar_one()
    assert not {"cost_per_hour_cents", "selection_objective", "target_dice", "stop_gain_per_100"} & columns
    assert mode == "flat"
    engine.dispose()
