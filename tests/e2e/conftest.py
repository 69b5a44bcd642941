"""E2E fixtures: a real backend on a free port (fresh SQLite + storage, demo data, one finished round) serving the
built frontend, a headless Debian Chromium, and login helpers for the browser and for direct API checks.

Every page a test drives can be watched by ``browser_problems`` (console errors, uncaught exceptions and every answer
with status >= 400 the test did not say it expects), and a page of a failed test is saved as a screenshot under
test-artifacts/failures/.
"""

from __future__ import annotations

import json
import os
import re
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
from playwright.sync_api import Browser, Error, Page, sync_playwright

from tests.e2e.helpers import DEMO_PROJECT, ApiClient, BrowserProblems, Server, login_through_form

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
    for cheap in ("PASSWORD_HASH_MEMORY_KIB", "PASSWORD_HASH_TIME_COST"):  # the suite's, which production refuses
        env.pop(cheap, None)
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Keeps each phase's report on the test item, so a page fixture knows at teardown whether its test failed."""
    report: pytest.TestReport = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    return any(getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call"))


@contextmanager
def browser_page(browser: Browser, request: pytest.FixtureRequest, name: str = "page") -> Iterator[Page]:
    """A fresh browser context and page; when the test fails, what the page showed last is kept as
    test-artifacts/failures/<test>-<name>.png."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        if _failed(request):
            folder = ARTIFACTS / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("/")[-1])[:150]
            try:
                page.screenshot(path=str(folder / f"{stem}-{name}.png"), full_page=True)
            except Error as error:  # a crashed or closed page: the failure itself is what matters
                print(f"no failure screenshot of {name}: {error}", file=sys.stderr)  # noqa: T201
        context.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, request) as page:
        yield page


@pytest.fixture
def browser_problems(page: Page) -> BrowserProblems:
    """Watches the test's ``page`` (call ``watch`` for any other page the test opens); assert ``assert_none()`` at
    the end of a journey."""
    problems = BrowserProblems()
    problems.watch(page)
    return problems


@pytest.fixture
def console_errors(browser_problems: BrowserProblems) -> Callable[[], list[str]]:
    """The problems of the test's page as a list (the older name of ``browser_problems``, same checks)."""
    return browser_problems


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
