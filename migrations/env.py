"""Alembic environment: the database URL comes from the app's settings (or ``-x url=...``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import backend.models  # noqa: F401  (registers every table on the metadata)
from backend.core.config import get_settings
from backend.db.base import Base

config = context.config
url = (
    context.get_x_argument(as_dictionary=True).get("url") or config.attributes.get("url") or get_settings().database_url
)
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)


def _run(connection: object) -> None:
    # Batch mode lets later migrations alter columns on SQLite, which cannot ALTER in place.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
