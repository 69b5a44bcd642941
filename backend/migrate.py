"""Run Alembic migrations from code (the CLI, the demo and the tests share this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from backend.core.config import REPO_ROOT, get_settings
from backend.db.session import ensure_sqlite_folder


def upgrade_head(database_url: str | None = None) -> None:
    config = Config(str(REPO_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.cmd_opts = None
    url = database_url or get_settings().database_url
    ensure_sqlite_folder(url)
    config.attributes["url"] = url
    command.upgrade(config, "head", tag=None)
