"""Revision 0009 adds the reading-time price, the selection objective and the forecast settings with defaults that
keep every existing project as it was, and rolls back cleanly (a project priced by reading time goes back to its
flat base cost); on SQLite and Postgres."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from tests.conftest import REPO_ROOT, create_pg_database, drop_pg_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reading_time.sqlite'}"
        return
    name, pg_url = create_pg_database()
    try:
        yield pg_url
    finally:
        drop_pg_database(name)


def _alembic(url: str) -> Config:
    config = Config(str(REPO_ROOT / "migrations" / "alembic.ini"))
    config.attributes["url"] = url
    return config


def test_existing_projects_keep_their_pricing_and_the_downgrade_restores_the_old_schema(url: str) -> None:
    config = _alembic(url)
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
