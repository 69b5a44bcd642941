"""Password hashing costs: configurable, refused below OWASP's floor in production, upgraded as users log in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.config import ConfigurationError, Settings, get_settings
from backend.core.security import hash_password, verify_password
from backend.db.session import session_scope
from backend.models import User
from backend.models.user import Role

PASSWORD = "velvet-kettle-marathon-9"
STRONG_KEY = "k" * 32


@pytest.fixture
def costs(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Lets a test change the hashing costs; the suite's own come back afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def _set_costs(monkeypatch: pytest.MonkeyPatch, memory_kib: int, time_cost: int) -> None:
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", str(memory_kib))
    monkeypatch.setenv("PASSWORD_HASH_TIME_COST", str(time_cost))
    get_settings.cache_clear()


def _parameters(password_hash: str) -> str:
    """The ``m=…,t=…,p=…`` part of an encoded argon2 hash."""
    return password_hash.split("$")[3]


def _stored_hash(username: str) -> str:
    with session_scope() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == username))
        assert stored is not None
        return stored


def _add_user(username: str, password: str) -> None:
    """Written directly: the policy is not what these tests are about (one of them stores a weak password)."""
    with session_scope() as session:
        session.add(User(username=username, password_hash=hash_password(password), role=str(Role.radiologist)))


def test_the_product_default_is_argon2_cffis(costs: pytest.MonkeyPatch) -> None:
    costs.delenv("PASSWORD_HASH_MEMORY_KIB", raising=False)
    costs.delenv("PASSWORD_HASH_TIME_COST", raising=False)
    get_settings.cache_clear()
    assert _parameters(hash_password(PASSWORD)) == "m=65536,t=3,p=4"


def test_hashes_use_the_configured_costs_and_verify_under_any(costs: pytest.MonkeyPatch) -> None:
    _set_costs(costs, 256, 2)
    made = hash_password(PASSWORD)
    assert _parameters(made) == "m=256,t=2,p=4"
    _set_costs(costs, 128, 1)
    assert verify_password(PASSWORD, made)  # a hash carries its own costs
    assert not verify_password(PASSWORD + "x", made)
    assert not verify_password(PASSWORD, None)


@pytest.mark.parametrize(("memory_kib", "time_cost"), [(19 * 1024 - 1, 2), (64 * 1024, 1), (64, 1)])
def test_production_refuses_hashing_below_owasp(costs: pytest.MonkeyPatch, memory_kib: int, time_cost: int) -> None:
    costs.setenv("RADLOOP_ENV", "production")
    costs.setenv("SECRET_KEY", STRONG_KEY)
    _set_costs(costs, memory_kib, time_cost)
    with pytest.raises(ConfigurationError, match="PASSWORD_HASH_MEMORY_KIB must be at least 19456"):
        Settings()


def test_production_accepts_the_floor(costs: pytest.MonkeyPatch) -> None:
    costs.setenv("RADLOOP_ENV", "production")
    costs.setenv("SECRET_KEY", STRONG_KEY)
    _set_costs(costs, 19 * 1024, 2)
    assert Settings().password_hash_memory_kib == 19 * 1024


def test_a_login_upgrades_a_hash_made_with_other_costs(client: TestClient, costs: pytest.MonkeyPatch) -> None:
    _set_costs(costs, 128, 1)
    _add_user("hanna", PASSWORD)
    assert _parameters(_stored_hash("hanna")) == "m=128,t=1,p=4"

    _set_costs(costs, 256, 2)
    wrong = client.post("/api/auth/login", json={"username": "hanna", "password": PASSWORD + "-no"})
    assert wrong.status_code == 401
    assert _parameters(_stored_hash("hanna")) == "m=128,t=1,p=4"  # nothing learnt, nothing rewritten

    assert client.post("/api/auth/login", json={"username": "hanna", "password": PASSWORD}).status_code == 200
    upgraded = _stored_hash("hanna")
    assert _parameters(upgraded) == "m=256,t=2,p=4"
    assert client.post("/api/auth/login", json={"username": "hanna", "password": PASSWORD}).status_code == 200
    assert _stored_hash("hanna") == upgraded  # at the configured costs already: not hashed again


def test_the_upgrade_keeps_a_password_todays_policy_would_refuse(client: TestClient, costs: pytest.MonkeyPatch) -> None:
    _set_costs(costs, 128, 1)
    _add_user("ole", "short")
    _set_costs(costs, 256, 2)
    assert client.post("/api/auth/login", json={"username": "ole", "password": "short"}).status_code == 200
    assert _parameters(_stored_hash("ole")) == "m=256,t=2,p=4"
    assert client.post("/api/auth/login", json={"username": "ole", "password": "short"}).status_code == 200
