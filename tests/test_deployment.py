"""The production description cannot be started here (no Docker engine), so check what can be checked:
the compose file parses, wires every service to the same database, broker and storage, and reserves a GPU; only the
TLS proxy publishes ports, and its Caddyfile, adapted and validated by a real Caddy (`make caddy`), redirects port 80
and proxies to the API."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from backend.core.config import Settings
from tests.conftest import REPO_ROOT


def _compose() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


class TestCompose:
    def test_declares_the_production_services(self) -> None:
        assert set(_compose()["services"]) == {
            "proxy",
            "postgres",
            "redis",
            "api",
            "worker-gpu",
            "worker-cpu",
            "orthanc",
        }

    def test_example_pacs_serves_dicomweb_with_a_password_on_the_compose_network_only(self) -> None:
        orthanc = _compose()["services"]["orthanc"]
        env = orthanc["environment"]
        assert env["DICOM_WEB_PLUGIN_ENABLED"] == "true" and env["ORTHANC__DICOM_WEB__ROOT"] == "/dicom-web/"
        assert env["ORTHANC__AUTHENTICATION_ENABLED"] == "true"
        assert "${ORTHANC_PASSWORD:?" in env["ORTHANC__REGISTERED_USERS"]
        assert "ports" not in orthanc and "8042" in orthanc["expose"]

    def test_app_services_share_database_broker_and_storage(self) -> None:
        services = _compose()["services"]
        apps = [services[name] for name in ("api", "worker-gpu", "worker-cpu")]
        for service in apps:
            env = service["environment"]
            assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
            assert env["BROKER_URL"] == "redis://redis:6379/0"
            assert env["STORAGE_ROOT"] == "/data/storage"
            assert "storage:/data/storage" in service["volumes"]

    def test_gpu_worker_reserves_a_gpu_and_consumes_the_gpu_queue(self) -> None:
        worker = _compose()["services"]["worker-gpu"]
        [device] = worker["deploy"]["resources"]["reservations"]["devices"]
        assert device["capabilities"] == ["gpu"]
        assert worker["command"][worker["command"].index("-Q") + 1] == "gpu"
        assert "--pool=solo" in worker["command"]

    def test_build_targets_exist_in_the_dockerfile(self) -> None:
        targets = set(re.findall(r"^FROM .+ AS (\w+)$", (REPO_ROOT / "Dockerfile").read_text(), re.MULTILINE))
        for service in _compose()["services"].values():
            if "build" in service:
                assert service["build"]["target"] in targets


CADDYFILE = REPO_ROOT / "deploy" / "Caddyfile"
HOST = "radloop.hospital.example"


def _caddy(*args: str, env: dict[str, str] | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    caddy = shutil.which("caddy")
    assert caddy, "Caddy is needed to check deploy/Caddyfile: `make caddy` (Debian package `caddy`)"
    environment = {**os.environ, "RADLOOP_HOST": HOST, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    environment |= {"XDG_CONFIG_HOME": str(home / "config"), **(env or {})}
    result = subprocess.run([caddy, *args], env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result


def _servers(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The Caddyfile as Caddy itself reads it: its JSON servers, keyed by listen address."""
    adapted = json.loads(_caddy("adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile", home=tmp_path).stdout)
    return {server["listen"][0]: server for server in adapted["apps"]["http"]["servers"].values()}


def _handlers(routes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for route in routes:
        for handler in route.get("handle", []):
            found.append(handler)
            found.extend(_handlers(handler.get("routes", [])))
    return found


class TestTlsProxy:
    def test_only_the_proxy_publishes_ports_443_and_80(self) -> None:
        services = _compose()["services"]
        assert sorted(services["proxy"]["ports"]) == ["443:443", "80:80"]
        assert [name for name, service in services.items() if "ports" in service] == ["proxy"]
        assert services["api"]["expose"] == ["8000"]

    def test_api_runs_in_production_and_requires_a_secret_key(self) -> None:
        env = _compose()["services"]["api"]["environment"]
        assert env["RADLOOP_ENV"] == "production"
        assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", env["SECRET_KEY"]), "compose must refuse an unset SECRET_KEY"

    def test_uvicorn_trusts_forwarded_headers_from_the_proxy_only(self) -> None:
        services = _compose()["services"]
        proxy_ip = services["proxy"]["networks"]["edge"]["ipv4_address"]
        assert "edge" in services["api"]["networks"]
        assert services["api"]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_ip
        [command] = re.findall(r"^CMD .*uvicorn backend\.main:app.*$", (REPO_ROOT / "Dockerfile").read_text(), re.M)
        assert "--proxy-headers" in command
        assert f"--forwarded-allow-ips ${{FORWARDED_ALLOW_IPS:-{proxy_ip}}}" in command

    def test_port_80_only_redirects_to_https(self, tmp_path: Path) -> None:
        [handler] = _handlers(_servers(tmp_path)[":80"]["routes"])
        assert handler["handler"] == "static_response"
        assert handler["status_code"] == 308
        assert handler["headers"]["Location"] == ["https://{http.request.host}{http.request.uri}"]

    def test_https_proxies_to_the_api_with_the_import_limit_and_mounted_certificates(self, tmp_path: Path) -> None:
        server = _servers(tmp_path)[":443"]
        assert server["routes"][0]["match"] == [{"host": [HOST]}]
        handlers = {handler["handler"]: handler for handler in _handlers(server["routes"])}
        assert [upstream["dial"] for upstream in handlers["reverse_proxy"]["upstreams"]] == ["api:8000"]
        # Above the app's own limit (so the app answers 413 with its message), but not unbounded.
        import_limit = Settings.model_fields["max_import_bytes"].default
        assert import_limit < handlers["request_body"]["max_size"] <= import_limit + 64 * 1024**2
        assert server["read_timeout"] >= 30 * 60 * 10**9  # nanoseconds: a 2 GiB upload over a slow link
        mount = next(v for v in _compose()["services"]["proxy"]["volumes"] if v.endswith(":/etc/caddy/certs:ro"))
        assert mount.startswith("${TLS_CERT_DIR:-./deploy/certs}")
        assert "tls /etc/caddy/certs/tls.crt /etc/caddy/certs/tls.key" in CADDYFILE.read_text()

    def test_caddy_validates_the_file_with_certificates_in_place(self, tmp_path: Path) -> None:
        openssl = shutil.which("openssl")
        assert openssl, "openssl is needed to make a throw-away certificate"
        key, cert = tmp_path / "tls.key", tmp_path / "tls.crt"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
            + ["-keyout", str(key), "-out", str(cert)],
            capture_output=True,
            check=True,
            timeout=60,
        )
        config = tmp_path / "Caddyfile"
        config.write_text(CADDYFILE.read_text().replace("/etc/caddy/certs", str(tmp_path)))
        result = _caddy("validate", "--config", str(config), "--adapter", "caddyfile", home=tmp_path)
        assert "Valid configuration" in result.stdout + result.stderr
