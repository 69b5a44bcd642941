"""The migrations alone build the schema the models describe, and they can be rolled back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import backend.models  # noqa: F401
from backend.db.base import Base
from backend.migrate import upgrade_head
from tests.migrations.conftest import alembic_config


class TestMigrations:
    def test_head_matches_the_models_and_downgrades_cleanly(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'schema.sqlite'}"
        upgrade_head(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        command.downgrade(alembic_config(url), "base")
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() is None
        engine.dispose()
