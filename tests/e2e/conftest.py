"""E2E fixtures: a real backend on a free port (fresh SQLite + storage, demo data, one finished round) serving the
built frontend, a headless Debian Chromium, and login helpers for the browser and for direct API checks."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.e2e.helpers import DEMO_PROJECT, ApiClient, Server, login_through_form

REPO_ROOT = Path(__file__).resolve().parents[2]
FRONTEND = REPO_ROOT / "frontend"
ARTIFACTS = REPO_ROOT / "test-artifacts"
SECOND_RADIOLOGIST = "radiologist2"
CHROMIUM = os.environ.get("RADLOOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_cli(args: list[str], env: dict[str, str], timeout: float, module: str = "backend.cli") -> None:
    """Runs one `backend.cli` (or `worker.cli`) command; its output is shown in the failure so a broken seed is easy
    to read."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"{module} {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _ensure_frontend_built() -> None:
    """The backend serves frontend/dist; build it when missing so the suite runs on a fresh clone."""
    if (FRONTEND / "dist" / "index.html").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("frontend/dist is missing and npm is not installed: run `cd frontend && npm ci && npm run build`")
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run([npm, "ci"], cwd=FRONTEND, check=True, timeout=600)
    subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True, timeout=600)


def _wait_for_health(base_url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"uvicorn exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"backend did not answer {base_url}/api/health within {timeout:.0f}s")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh backend with the demo project and a finished round, so the radiologist's queue is not empty."""
    _ensure_frontend_built()
    root = tmp_path_factory.mktemp("radloop-e2e")
    password = secrets.token_urlsafe(12)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
        "STORAGE_ROOT": str(root / "storage"),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RADLOOP_DEMO_PASSWORD": password,
        "PORT": str(port),
    }
    _run_cli(["init-db"], env, timeout=120)
    _run_cli(["seed-demo"], env, timeout=300)
    _run_cli(["run-round", "--project", DEMO_PROJECT, "--epochs", "8"], env, timeout=900, module="worker.cli")
    # A second radiologist of the demo project, for the reservation tests (two people, one case).
    create = ["create-user", SECOND_RADIOLOGIST, "--role", "radiologist", f"--password={password}"]
    _run_cli([*create, "--project", DEMO_PROJECT], env, timeout=120)

    with _uvicorn(env, root / "uvicorn.log") as base_url:
        yield Server(base_url=base_url, password=password, env=env)


@pytest.fixture(scope="session")
def production_server(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second backend on the same data with RADLOOP_ENV=production: Secure cookies, HSTS, docs off."""
    env = {**server.env, "RADLOOP_ENV": "production", "PORT": str(_free_port())}
    with _uvicorn(env, tmp_path_factory.mktemp("radloop-e2e-production") / "uvicorn.log") as base_url:
        yield Server(base_url=base_url, password=server.password, env=env)


@contextmanager
def _uvicorn(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Runs the app on env["PORT"] until the block ends; yields its base URL once it answers."""
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", env["PORT"]],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{env['PORT']}"
    try:
        try:
            _wait_for_health(base_url, process)
        except BaseException:
            log.flush()
            print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)  # noqa: T201  why it did not start
            raise
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def console_errors(page: Page) -> Callable[[], list[str]]:
    """What a user's browser would complain about on this page: console errors and uncaught exceptions.

    One is expected and left out: the app asks ``GET /api/auth/me`` whether a session exists before showing the login
    form, and an anonymous visitor's 401 is logged by Chromium as a failed resource (the session cookie is HttpOnly,
    so the page cannot know without asking)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        probe = message.location.get("url", "").endswith("/api/auth/me") and "status of 401" in message.text
        if message.type == "error" and not probe:
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return lambda: list(errors)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def login(server: Server) -> Callable[[Page, str], None]:
    """Logs `username` in through the real login form."""

    def _login(page: Page, username: str) -> None:
        login_through_form(page, server, username)

    return _login


@pytest.fixture
def api_as(server: Server) -> Callable[[str], ApiClient]:
    def _api_as(username: str) -> ApiClient:
        body = json.dumps({"username": username, "password": server.password}).encode()
        request = urllib.request.Request(
            f"{server.base_url}/api/auth/login", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.loads(response.read())["access_token"]
        return ApiClient(server.base_url, token)

    return _api_as
