"""Production defaults (issue 11, item 7): unsafe settings stop every process at start, and every response carries
the browser hardening headers; production adds Secure cookies, HSTS and private API docs."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import DEMO_PASSWORD, REPO_ROOT, login, reset_caches

STRONG_KEY = "k" * 32
# The suite's cheap password hashing, which production refuses: the production checks run at the product's cost.
CHEAP_HASHING = ("PASSWORD_HASH_MEMORY_KIB", "PASSWORD_HASH_TIME_COST")
UVICORN = [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1"]


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The test process's environment without its settings, plus ``overrides``."""
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "RADLOOP_ENV", *CHEAP_HASHING}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'radloop.sqlite'}", STORAGE_ROOT=str(tmp_path / "storage"))
    env.update(overrides)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _refused(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0, result.stdout + result.stderr
    return result


class TestRefusesToStart:
    def test_uvicorn_exits_without_a_secret_key_in_production(self, tmp_path: Path) -> None:
        result = _refused([*UVICORN, "--port", str(_free_port())], _env(tmp_path, RADLOOP_ENV="production"))
        assert "Radloop refuses to start: RADLOOP_ENV=production needs SECRET_KEY" in result.stderr
        assert "Traceback" not in result.stderr

    def test_uvicorn_exits_with_a_key_shorter_than_32_bytes_in_production(self, tmp_path: Path) -> None:
        env = _env(tmp_path, RADLOOP_ENV="production", SECRET_KEY="k" * 31)
        result = _refused([*UVICORN, "--port", str(_free_port())], env)
        assert "SECRET_KEY is 31 bytes; session tokens need at least 32" in result.stderr
        assert "k" * 31 not in result.stderr  # the key itself is never printed

    def test_an_unknown_environment_is_refused(self, tmp_path: Path) -> None:
        env = _env(tmp_path, RADLOOP_ENV="staging", SECRET_KEY=STRONG_KEY)
        result = _refused([*UVICORN, "--port", str(_free_port())], env)
        assert "RADLOOP_ENV: Input should be 'development' or 'production'" in result.stderr

    def test_cli_and_worker_refuse_too_and_create_nothing(self, tmp_path: Path) -> None:
        env = _env(tmp_path, RADLOOP_ENV="production")
        cli = _refused([sys.executable, "-m", "backend.cli", "init-db"], env)
        assert cli.returncode == 2
        assert cli.stderr.startswith("error: RADLOOP_ENV=production needs SECRET_KEY")
        assert not (tmp_path / "radloop.sqlite").exists()
        worker = _refused([sys.executable, "-c", "import worker.celery_app"], env)
        assert "Radloop worker refuses to start: RADLOOP_ENV=production needs SECRET_KEY" in worker.stderr

    def test_uvicorn_serves_in_production_with_a_strong_key(self, tmp_path: Path) -> None:
        port = _free_port()
        env = _env(tmp_path, RADLOOP_ENV="production", SECRET_KEY=STRONG_KEY)
        process = subprocess.Popen([*UVICORN, "--port", str(port)], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
                        assert response.status == 200
                        assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
                        break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "uvicorn did not answer within 60 s"
                    time.sleep(0.25)
        finally:
            process.terminate()
            process.wait(timeout=10)


class TestSettings:
    @pytest.fixture(autouse=True)
    def _clean_env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("RADLOOP_ENV", "SECRET_KEY", "COOKIE_SECURE", "API_DOCS_PUBLIC"):
            monkeypatch.delenv(name, raising=False)

    def test_development_warns_about_a_short_key_but_starts(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        from backend.core.config import Settings

        monkeypatch.setenv("SECRET_KEY", "short")
        with caplog.at_level(logging.WARNING, logger="backend.core.config"):
            settings = Settings()
        assert settings.secret_key == "short"
        assert "SECRET_KEY is 5 bytes" in caplog.text
        assert "short" not in caplog.text.replace("session tokens", "")

    def test_cookie_security_and_docs_follow_the_environment_unless_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from backend.core.config import Environment, Settings

        development = Settings()
        assert development.env is Environment.development
        assert (development.cookie_secure, development.api_docs_public) == (False, True)
        monkeypatch.setenv("RADLOOP_ENV", "production")
        monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
        for name in CHEAP_HASHING:
            monkeypatch.delenv(name, raising=False)
        production = Settings()
        assert (production.cookie_secure, production.api_docs_public) == (True, False)
        monkeypatch.setenv("COOKIE_SECURE", "false")
        monkeypatch.setenv("API_DOCS_PUBLIC", "true")
        explicit = Settings()
        assert (explicit.cookie_secure, explicit.api_docs_public) == (False, True)


EVERY_ENVIRONMENT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _csp(response_headers: Mapping[str, str]) -> dict[str, str]:
    policy = response_headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in policy.split("; ")}


class TestHeaders:
    def test_development_sets_the_policy_on_api_spa_and_errors_but_no_hsts(self, client: TestClient) -> None:
        for path in ("/api/health", "/", "/annotate/x", "/api/projects"):
            response = client.get(path)
            for name, value in EVERY_ENVIRONMENT_HEADERS.items():
                assert response.headers[name] == value, (path, name)
            csp = _csp(response.headers)
            assert csp["default-src"] == "'none'"
            assert csp["script-src"] == "'self'"
            assert csp["style-src"] == "'self'"
            assert csp["frame-ancestors"] == "'none'"
            assert csp["object-src"] == "'none'"
            assert csp["base-uri"] == "'none'"
            assert "Strict-Transport-Security" not in response.headers
            assert "Permissions-Policy" in response.headers
        assert client.get("/api/projects").status_code == 401

    def test_development_serves_docs_under_their_own_policy(self, client: TestClient) -> None:
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger-ui" in docs.text
        assert "https://cdn.jsdelivr.net" in _csp(docs.headers)["script-src"]
        assert _csp(docs.headers)["frame-ancestors"] == "'none'"
        assert client.get("/openapi.json").status_code == 200


@pytest.fixture
def production_client(db: str, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app as production builds it, on the test database (whose SECRET_KEY is long enough)."""
    from backend.main import create_app

    monkeypatch.setenv("RADLOOP_ENV", "production")
    for name in ("COOKIE_SECURE", "API_DOCS_PUBLIC", *CHEAP_HASHING):
        monkeypatch.delenv(name, raising=False)
    reset_caches()
    try:
        with TestClient(create_app()) as test_client:
            yield test_client
    finally:
        monkeypatch.undo()
        reset_caches()


class TestProductionApp:
    def test_hsts_and_the_same_policy_everywhere(self, production_client: TestClient) -> None:
        for path in ("/api/health", "/", "/api/projects"):
            response = production_client.get(path)
            assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
            for name, value in EVERY_ENVIRONMENT_HEADERS.items():
                assert response.headers[name] == value

    def test_login_cookie_is_secure(self, production_client: TestClient) -> None:
        response = production_client.post("/api/auth/login", json={"username": "lead", "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        cookie = response.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie

    def test_docs_are_off_and_the_schema_needs_a_login(self, production_client: TestClient) -> None:
        for path in ("/docs", "/redoc"):
            response = production_client.get(path)
            assert response.status_code == 404
            assert response.json()["error"] == "NotFound"
            assert "API_DOCS_PUBLIC=true" in response.json()["detail"]
        assert production_client.get("/openapi.json").status_code == 401
        schema = production_client.get("/openapi.json", headers=login(production_client, "radiologist"))
        assert schema.status_code == 200
        assert "/api/auth/login" in schema.json()["paths"]
