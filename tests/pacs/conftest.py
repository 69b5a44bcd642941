"""A real PACS for the tests: the private Orthanc of ``make orthanc`` (scripts/orthanc/orthanc.sh), started here
when it is not running, so ``pytest tests/pacs`` works on its own. Every test starts with an empty Orthanc and
uploads the real DICOM it needs from ../shared/data through Orthanc's REST ``POST /instances``.

The PACS tests run on Postgres only (the production database; the per-series uniqueness that keeps racing imports
apart is a Postgres constraint there), like tests/worker.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import DEMO_PASSWORD, REPO_ROOT, SHARED_DATA, migrated_database

TCIA = SHARED_DATA / "tcia-brain-tumor-dicom"
HIPPOCROP = SHARED_DATA / "hippocrop-dicom"
SCRIPT = REPO_ROOT / "scripts" / "orthanc" / "orthanc.sh"
PROJECT_NAME = "Brain tumour (PACS)"


def is_dicom(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(132)[128:] == b"DICM"


def run_dir() -> Path:
    return Path(os.environ.get("ORTHANC_RUN_DIR", REPO_ROOT / "var" / "orthanc-test"))


def _read_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        if key:
            values[key.strip()] = value.strip()
    return values


@dataclass
class Orthanc:
    """The test PACS: its REST root, DICOMweb root and test user, plus upload and reset helpers."""

    url: str
    username: str
    password: str
    http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.http.auth = (self.username, self.password)

    @property
    def dicomweb_url(self) -> str:
        return f"{self.url}/dicom-web"

    def answers(self) -> bool:
        try:
            return self.http.get(f"{self.url}/system", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def upload(self, paths: Iterable[Path]) -> int:
        """Store every DICOM file under ``paths`` (files or folders; READMEs skipped) with ``POST /instances``."""
        files = sorted(p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if is_dicom(p))

        def store(file: Path) -> None:
            response = self.http.post(f"{self.url}/instances", data=file.read_bytes(), timeout=60)
            assert response.status_code == 200, f"{file.name}: {response.status_code} {response.text[:200]}"

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(store, files))
        return len(files)

    def clear(self) -> None:
        for patient in self.http.get(f"{self.url}/patients", timeout=30).json():
            self.http.delete(f"{self.url}/patients/{patient}", timeout=60).raise_for_status()

    def statistics(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.http.get(f"{self.url}/statistics", timeout=30).json()
        return stats

    def connection(self, **overrides: Any) -> dict[str, Any]:
        """A PUT /pacs body for this PACS (basic auth with the test user)."""
        return {
            "base_url": self.dicomweb_url,
            "auth": "basic",
            "username": self.username,
            "secret": self.password,
            **overrides,
        }


def _configured() -> Orthanc | None:
    if os.environ.get("ORTHANC_URL"):
        return Orthanc(
            os.environ["ORTHANC_URL"].rstrip("/"),
            os.environ.get("ORTHANC_USERNAME", ""),
            os.environ.get("ORTHANC_PASSWORD", ""),
        )
    env_file = run_dir() / "env"
    if env_file.exists():
        values = _read_env(env_file)
        return Orthanc(values["ORTHANC_URL"], values["ORTHANC_USERNAME"], values["ORTHANC_PASSWORD"])
    return None


@pytest.fixture(scope="session")
def orthanc_server() -> Orthanc:
    """The running test Orthanc, started with the same script as ``make orthanc`` when none answers."""
    found = _configured()
    if found is not None and found.answers():
        return found
    env = {**os.environ, "ORTHANC_RUN_DIR": str(run_dir())}
    result = subprocess.run([str(SCRIPT), "ensure"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"could not start Orthanc (run `make orthanc`): {result.stdout}{result.stderr}"
    values = _read_env(run_dir() / "env")
    server = Orthanc(values["ORTHANC_URL"], values["ORTHANC_USERNAME"], values["ORTHANC_PASSWORD"])
    assert server.answers()
    return server


@pytest.fixture
def orthanc(orthanc_server: Orthanc) -> Iterator[Orthanc]:
    """The test PACS, emptied before the test."""
    orthanc_server.clear()
    yield orthanc_server


@pytest.fixture(scope="package")
def database_url(session_tmp: Path) -> Iterator[str]:
    with migrated_database("postgres", session_tmp / f"pacs-{uuid.uuid4().hex[:6]}") as url:
        yield url


def tcia_study(patient: str, index: int = 0) -> Path:
    """The folder of one TCIA study (its T1post, FLAIRreg and MaskTumor series)."""
    return sorted(p for p in (TCIA / patient).iterdir() if p.is_dir())[index]


@pytest.fixture
def project(db: str) -> dict[str, str]:
    """A de-identifying MR project with a tumour label, a lead and a radiologist (the demo's logins): lighter than the
    demo seed, which imports ten patients first."""
    from backend.db.session import session_scope
    from backend.models.user import Role
    from backend.project import crud as project_crud
    from backend.project import members as project_members
    from backend.user import service as user_service

    with session_scope() as session:
        found = project_crud.create(
            session,
            name=PROJECT_NAME,
            modality="MR",
            labels=[{"value": 1, "name": "tumour", "color": "#e6194b"}],
            cost_per_patient_cents=100,
            budget_total_cents=10_000,
        )
        for username, role in (("lead", Role.lead), ("radiologist", Role.radiologist), ("admin", Role.admin)):
            user = user_service.create(session, username=username, password=DEMO_PASSWORD, role=role)
            if role != Role.admin:
                project_members.add_member(session, project=found, user=user)
        return {"project_id": str(found.id), "name": PROJECT_NAME}


class FlakyProxy:
    """A real HTTP hop in front of the test PACS that fails every ``every``-th request: a 503 answer, or (with
    ``drop``) a connection closed without an answer. What a busy archive or a flaky network does to an import."""

    def __init__(self, target: str, every: int, *, drop: bool = False) -> None:
        import http.server
        import threading

        self.target = target.rstrip("/")
        self.every = every
        self.drop = drop
        self.requests = 0
        self.failed = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                with proxy._lock:
                    proxy.requests += 1
                    fail = proxy.requests % proxy.every == 0
                    proxy.failed += int(fail)
                if fail and proxy.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if fail:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "accept")}
                upstream = requests.get(proxy.target + self.path, headers=headers, timeout=60)
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", upstream.headers.get("Content-Type", "application/octet-stream"))
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FlakyProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
