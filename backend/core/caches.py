"""The process's in-memory caches in one registry, so whatever replaces the database under a running process (a
test's fresh database, whose rows reuse a template's ids) can empty them all at once."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, TypeVar

C = TypeVar("C", bound=MutableMapping[Any, Any])

_registered: list[MutableMapping[Any, Any]] = []


def register(cache: C) -> C:
    _registered.append(cache)
    return cache


def clear_all() -> None:
    for cache in _registered:
        cache.clear()
