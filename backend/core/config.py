"""One settings object, read from the environment.

The names are the bare ones the deployment documents (``DATABASE_URL``, ``BROKER_URL``...), so the same
variables drive docker-compose, the demo and CI.
"""

from __future__ import annotations

import logging
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Self

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = REPO_ROOT / "var"
MIN_SECRET_KEY_BYTES = 32
# OWASP's least argon2id cost (19 MiB, 2 passes); production refuses less.
MIN_HASH_MEMORY_KIB = 19 * 1024
MIN_HASH_TIME_COST = 2

log = logging.getLogger(__name__)


class Environment(StrEnum):
    development = "development"
    production = "production"


class ConfigurationError(RuntimeError):
    """Settings the server must not run with; not a ValueError, so pydantic lets it through unwrapped (its
    validation report would echo every setting, DATABASE_URL's password included)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'radloop.sqlite'}")
    # Empty means the embedded broker: Celery's filesystem transport under var/, so the demo needs no Redis.
    broker_url: str = ""
    embedded_broker_dir: Path = VAR_DIR / "broker"
    storage_root: Path = VAR_DIR / "storage"
    secret_key: str = ""
    port: int = 8000
    env: Environment = Field(default=Environment.development, alias="RADLOOP_ENV")
    token_ttl_minutes: int = 12 * 60
    # Login throttling (backend/auth/throttle.py): this many failed logins within the window, per account or per
    # client address, lock further attempts for 2, 4, 8... seconds, at most login_lockout_max_s.
    login_max_failures: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_s: int = Field(default=15 * 60, ge=1)
    login_lockout_max_s: int = Field(default=15 * 60, ge=1)
    # argon2id cost of a password hash (argon2-cffi's defaults: 64 MiB, 3 passes). A login re-hashes a password
    # stored with other costs, so raising them upgrades accounts as they log in. Test suites lower them (each login
    # and each seeded account would otherwise cost 0.15 s of CPU); RADLOOP_ENV=production refuses less than OWASP's
    # 19 MiB and 2 passes.
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=64, le=4 * 1024 * 1024)
    password_hash_time_cost: int = Field(default=3, ge=1, le=50)
    # Both follow RADLOOP_ENV unless set explicitly (see _apply_environment_defaults): Secure cookies in production,
    # Swagger UI / ReDoc / a public /openapi.json only in development.
    cookie_secure: bool = False
    api_docs_public: bool = True
    # Resource limits (backend/core/limits.py, backend/storage/nifti_io.py, backend/ingest): each refusal names
    # its limit, so an operator knows which variable to raise. Request bodies are counted while they stream in.
    max_import_bytes: int = 2 * 1024**3  # one import request (all its files)
    max_mask_bytes: int = 256 * 1024**2  # one mask or draft file as uploaded (gzipped or not)
    max_json_bytes: int = 1024**2  # any other request body
    max_voxels_per_volume: int = 512 * 512 * 1024  # 1 GiB as float32
    max_voxels_per_upload: int = 4 * 512 * 512 * 1024
    max_unzipped_bytes: int = 4 * 1024**3  # declared total of the zips of one import
    max_zip_ratio: int = 200  # uncompressed / compressed size of a zip holding more than 64 MiB
    max_upload_files: int = 20_000
    max_nifti_extension_bytes: int = 64 * 1024  # header extensions of a mask before its voxels
    # Postgres connections per API process: as many as the threads that run sync routes (AnyIO's default 40), so a
    # burst waits for the CPU rather than timing out on the pool (at 50 readers 15 connections gave 500s); past
    # the timeout a request answers 503 with Retry-After. Mind Postgres's max_connections (100) × processes.
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=30, ge=0, le=200)
    db_pool_timeout_s: float = Field(default=30.0, gt=0, le=600)
    # The planner's cost of a random page read on each API/worker connection. Postgres's 4.0 assumes spinning disks;
    # on SSD or cached data (1.1, the usual SSD value) it walks an index to a round's few thousand selected patients
    # rather than scanning a 100,000-patient project (issue 16: the project's counts 48 → 13 ms).
    db_random_page_cost: float = Field(default=1.1, gt=0, le=100)
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    demo_password: str = Field(default="", alias="RADLOOP_DEMO_PASSWORD")

    @model_validator(mode="after")
    def _apply_environment_defaults(self) -> Self:
        """Runs wherever settings are loaded (API, worker, CLI), so no process can start in production without a
        strong signing key: a missing one used to surface only as a 500 on every login."""
        production = self.env == Environment.production
        if "cookie_secure" not in self.model_fields_set:
            self.cookie_secure = production
        if "api_docs_public" not in self.model_fields_set:
            self.api_docs_public = not production
        key_bytes = len(self.secret_key.encode())
        if production and not self.secret_key:
            raise ConfigurationError(
                "RADLOOP_ENV=production needs SECRET_KEY (at least 32 bytes), e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        if self.secret_key and key_bytes < MIN_SECRET_KEY_BYTES:
            message = f"SECRET_KEY is {key_bytes} bytes; session tokens need at least {MIN_SECRET_KEY_BYTES}"
            if production:
                raise ConfigurationError(f"RADLOOP_ENV=production refuses a weak key: {message}")
            log.warning("settings.weak_secret_key %s (refused when RADLOOP_ENV=production)", message)
        if production and (
            self.password_hash_memory_kib < MIN_HASH_MEMORY_KIB or self.password_hash_time_cost < MIN_HASH_TIME_COST
        ):
            raise ConfigurationError(
                "RADLOOP_ENV=production refuses weak password hashing: PASSWORD_HASH_MEMORY_KIB must be at least "
                f"{MIN_HASH_MEMORY_KIB} and PASSWORD_HASH_TIME_COST at least {MIN_HASH_TIME_COST}"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept under var/ so demo sessions survive restarts."""
        if self.secret_key:
            return self.secret_key
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
    """The settings, or a ConfigurationError naming each bad variable without echoing its value (a secret, say)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        raise ConfigurationError(f"invalid settings: {problems}") from None
