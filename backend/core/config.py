"""One settings object, read from the environment.

The names are the bare ones the deployment documents (``DATABASE_URL``, ``BROKER_URL``...), so the same
variables drive docker-compose, the demo and CI.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'radloop.sqlite'}")
    # Empty means the embedded broker: Celery's filesystem transport under var/, so the demo needs no Redis.
    broker_url: str = ""
    embedded_broker_dir: Path = VAR_DIR / "broker"
    storage_root: Path = VAR_DIR / "storage"
    secret_key: str = ""
    port: int = 8000
    env: str = Field(default="development", alias="RADLOOP_ENV")
    token_ttl_minutes: int = 12 * 60
    cookie_secure: bool = False
    max_upload_bytes: int = 2 * 1024**3
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    demo_password: str = Field(default="", alias="RADLOOP_DEMO_PASSWORD")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept under var/ so demo sessions survive restarts."""
        if self.secret_key:
            return self.secret_key
        if self.env == "production":
            raise RuntimeError("SECRET_KEY must be set in production")
        key_file = VAR_DIR / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
