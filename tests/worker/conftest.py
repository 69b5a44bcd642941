"""Worker tests run against the real Postgres only (the production pairing with Redis)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import migrated_database


@pytest.fixture(scope="package")
def database_url(session_tmp: Path) -> Iterator[str]:
    with migrated_database("postgres", session_tmp / f"worker-{uuid.uuid4().hex[:6]}") as url:
        yield url
