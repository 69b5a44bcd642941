"""Shared by the migration tests: each data migration is exercised on an empty SQLite file and on a fresh Postgres
database, stepping Alembic revision by revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config

from tests.conftest import REPO_ROOT, create_pg_database, drop_pg_database


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "migrations" / "alembic.ini"))
    config.attributes["url"] = url
    return config


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migration.sqlite'}"
        return
    name, pg_url = create_pg_database()
    try:
        yield pg_url
    finally:
        drop_pg_database(name)
