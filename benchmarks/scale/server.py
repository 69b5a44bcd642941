"""The API as production runs it: the Dockerfile's ``uvicorn backend.main:app`` with ``RADLOOP_ENV=production``,
here with ``--workers`` processes on a free local port, against the built database and storage root."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A test suite's cheap password hashing, which production refuses: the API hashes at the product's costs.
_NOT_PRODUCTION = ("PASSWORD_HASH_MEMORY_KIB", "PASSWORD_HASH_TIME_COST")


def api_env(database_url: str, storage_root: Path) -> dict[str, str]:
    return {
        **{key: value for key, value in os.environ.items() if key not in _NOT_PRODUCTION},
        "DATABASE_URL": database_url,
        "STORAGE_ROOT": str(storage_root),
        "SECRET_KEY": secrets.token_hex(32),
        "BROKER_URL": "",  # nothing here enqueues work: no round starts, no PACS send on accept
        "EMBEDDED_BROKER_DIR": str(storage_root.parent / "broker"),
        "RADLOOP_ENV": "production",
        "PYTHONPATH": str(REPO_ROOT),
    }


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/api/health", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass(frozen=True)
class ApiServer:
    base_url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time of uvicorn and its worker processes so far (what the API cost the machine)."""
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total


@contextmanager
def api_server(database_url: str, storage_root: Path, *, workers: int, log_path: Path) -> Iterator[ApiServer]:
    """Start uvicorn, wait until ``/api/health`` answers, yield it; stop it (and its workers) after."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "backend.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--timeout-keep-alive",  # as the Dockerfile: longer than a client's idle keep-alive (Locust's, Caddy's)
        "65",
        "--proxy-headers",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=api_env(database_url, storage_root),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _healthy(base):
                if process.poll() is not None:
                    raise RuntimeError(f"the API exited with {process.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the API did not answer within {START_TIMEOUT_S:.0f} s; see {log_path}")
                time.sleep(0.3)
            yield ApiServer(base, process.pid)
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to uvicorn's own process group (the server and its worker processes), then SIGKILL if need be."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
