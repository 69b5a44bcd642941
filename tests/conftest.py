"""Shared fixtures: a fresh database per backend (SQLite and the real Postgres), the app, logged-in clients.

Every test gets an empty schema: tables are emptied after each test, and each test session creates (and drops)
its own Postgres database, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
# Every first round pre-trains a Models Genesis backbone; a few steps exercise that path without paying the
# product default (JOB_GENESIS_STEPS=100) in every test that runs a round. Spawned workers inherit it.
os.environ.setdefault("JOB_GENESIS_STEPS", "4")
# Imports would queue the backbone's pre-training (backend.pretraining) in every test that imports; the tests of
# that job switch it on themselves.
os.environ.setdefault("JOB_GENESIS_ON_IMPORT", "0")
# argon2 at its product cost is 0.15 s of CPU per login and per seeded account: hundreds of seconds over the suite.
# The tests of the cost itself (tests/backend/test_password_hashing.py) set it back; production refuses these.
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "64")
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")

PG_ADMIN_DSN = os.environ.get("RADLOOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DEMO_PASSWORD = "demo-password-for-tests"


# The tests of the shared test PACS (tests/pacs's ``orthanc_server``): one test empties that Orthanc, so under
# pytest-xdist they all run on one worker, one after another.
SHARED_PACS_TESTS = ("tests/pacs/", "tests/deid/pacs/", "tests/seg/test_send.py")
_SHARED_PACS = "the shared test PACS"
# The browser journeys share one server per process (tests/e2e/conftest.py), and a journey starts from what the
# previous ones left (the open round's suggestions, the budget): they run together, in the order written.
_BROWSER = "the browser journeys"


def _worker_scope(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    if path.startswith(SHARED_PACS_TESTS):
        return _SHARED_PACS
    return _BROWSER if path.startswith("tests/e2e/") else path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """How ``make test`` shares the tests between its pytest-xdist workers: a test file stays on one worker, so its
    module and class set-ups (servers, browsers, imported studies) run once, and the shared PACS's tests stay
    together; xdist hands the scopes out, those with the most tests first, as workers come free. (pytest-xdist's own
    ``xdist_group`` marks are not applied under pytest 9, hence a scheduler.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _worker_scope(nodeid)

    return ByFile(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    stray = [i.nodeid for i in items if "orthanc_server" in i.fixturenames and _worker_scope(i.nodeid) != _SHARED_PACS]
    if stray:
        raise pytest.UsageError(f"tests of the shared test PACS outside SHARED_PACS_TESTS (tests/conftest.py): {stray}")


def reset_caches() -> None:
    from backend.core.config import get_settings
    from backend.db.session import get_engine
    from backend.jobs.enqueue import client

    get_settings.cache_clear()
    get_engine.cache_clear()
    client.cache_clear()


def create_pg_database() -> tuple[str, str]:
    name = f"radloop_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return name, f"{base}/{name}"


def drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("radloop")


@contextmanager
def migrated_database(kind: str, workdir: Path) -> Iterator[str]:
    """Create a database of ``kind`` ("sqlite" or "postgres"), migrate it, point the settings at it."""
    from backend.migrate import upgrade_head

    workdir.mkdir(parents=True)
    pg_name = None
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'radloop.sqlite'}"
    else:
        pg_name, url = create_pg_database()
    env = {
        "DATABASE_URL": url,
        "STORAGE_ROOT": str(workdir / "storage"),
        "EMBEDDED_BROKER_DIR": str(workdir / "broker"),
        "SECRET_KEY": "test-secret-key-with-enough-entropy-0123456789",
        "RADLOOP_DEMO_PASSWORD": DEMO_PASSWORD,
        "BROKER_URL": "",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    reset_caches()
    upgrade_head(url)
    try:
        yield url
    finally:
        from backend.db.session import get_engine

        get_engine().dispose()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_caches()
        if pg_name:
            drop_pg_database(pg_name)


@pytest.fixture(scope="package", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, session_tmp: Path) -> Iterator[str]:
    """The API suite runs once on SQLite (the embedded default) and once on the real Postgres."""
    with migrated_database(request.param, session_tmp / f"{request.param}-{uuid.uuid4().hex[:6]}") as url:
        yield url


# Columns that close a reference cycle: nulled before the tables are emptied, written last when rows are restored.
_CYCLE_COLUMNS = {"patients": ("primary_volume_id", "accepted_annotation_id"), "rounds": ("model_version_id",)}


@pytest.fixture
def db(database_url: str) -> Iterator[str]:
    """Empties every table and the store after the test, and the process's caches (a restored demo reuses ids)."""
    yield database_url
    from backend.core import caches
    from backend.core.config import get_settings
    from backend.db.base import Base
    from backend.db.session import session_scope

    with session_scope() as session:
        from backend.audit.service import allow_purge

        allow_purge(session)  # the Postgres trigger keeps audit_events append-only otherwise
        # Break the reference cycles before deleting parents.
        for name, columns in _CYCLE_COLUMNS.items():
            session.execute(Base.metadata.tables[name].update().values(dict.fromkeys(columns)))
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
    shutil.rmtree(get_settings().storage_root, ignore_errors=True)
    caches.clear_all()


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    from backend.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@dataclass(frozen=True)
class _DemoSnapshot:
    project_id: str
    rows: list[tuple[str, list[dict[str, Any]]]]
    storage: Path


# Seeding the demo (ten patients imported from NIfTI) costs ~0.5 s, and some 750 tests start from it: each database
# seeds once, and later tests get its rows and files back. Keyed by the database and the environment the seed ran in.
_demo_snapshots: dict[tuple[str, tuple[tuple[str, str], ...]], _DemoSnapshot] = {}


def _snapshot_key(url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return url, tuple(sorted((k, v) for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"))


def _take_snapshot(project_id: str) -> _DemoSnapshot:
    from sqlalchemy import select

    from backend.core.config import get_settings
    from backend.db.base import Base
    from backend.db.session import session_scope

    with session_scope() as session:
        rows = [
            (table.name, [dict(row) for row in session.execute(select(table)).mappings()])
            for table in Base.metadata.sorted_tables
        ]
    storage = Path(get_settings().storage_root)
    copy = storage.parent / f"demo-snapshot-{uuid.uuid4().hex[:8]}"
    shutil.copytree(storage, copy)
    return _DemoSnapshot(project_id=project_id, rows=[(name, found) for name, found in rows if found], storage=copy)


def _restore_snapshot(snapshot: _DemoSnapshot) -> None:
    from backend.core.config import get_settings
    from backend.db.base import Base
    from backend.db.session import session_scope

    with session_scope() as session:
        for name, rows in snapshot.rows:
            cycle = _CYCLE_COLUMNS.get(name, ())
            session.execute(Base.metadata.tables[name].insert(), [{**row, **dict.fromkeys(cycle)} for row in rows])
        for name, rows in snapshot.rows:
            table = Base.metadata.tables[name]
            for column in _CYCLE_COLUMNS.get(name, ()):
                for row in rows:
                    if row[column] is not None:
                        session.execute(table.update().where(table.c.id == row["id"]).values({column: row[column]}))
    shutil.copytree(snapshot.storage, get_settings().storage_root, dirs_exist_ok=True)


@pytest.fixture
def demo(db: str) -> dict[str, str]:
    """The demo project and users, as `make demo` creates them; returns the project id."""
    from backend import demo as demo_module
    from backend.db.session import session_scope

    key = _snapshot_key(db)
    snapshot = _demo_snapshots.get(key)
    if snapshot is not None:
        _restore_snapshot(snapshot)
        return {"project_id": snapshot.project_id}
    with session_scope() as session:
        project_id = str(demo_module.seed(session).project.id)
    _demo_snapshots[key] = _take_snapshot(project_id)
    return {"project_id": project_id}


def login(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
