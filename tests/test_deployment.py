"""The production description cannot be started here (no Docker engine), so check what can be checked:
the compose file parses, wires every service to the same database, broker and storage, and reserves a GPU."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import REPO_ROOT


def _compose() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


class TestCompose:
    def test_declares_the_production_services(self) -> None:
        assert set(_compose()["services"]) == {"postgres", "redis", "api", "worker-gpu", "worker-cpu"}

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
