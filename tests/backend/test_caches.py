"""The process caches' single flight: concurrent misses of one entry compute it once (issue 16: fifty readers
opening their queues together each refitted the same pricing model and the API stalled for a minute)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from backend.core.caches import KeyedLocks


def test_concurrent_misses_of_one_key_compute_once_and_other_keys_do_not_wait() -> None:
    locks = KeyedLocks()
    cache: dict[str, int] = {}
    computed: list[str] = []
    barrier = threading.Barrier(12)

    def get(key: str) -> int:
        barrier.wait()
        with locks.hold(key):
            if key not in cache:
                computed.append(key)
                time.sleep(0.05)  # the fit
                cache[key] = len(key)
            return cache[key]

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(get, ["pricing"] * 8 + ["ranks"] * 4))
    assert results == [7] * 8 + [5] * 4
    assert sorted(computed) == ["pricing", "ranks"]
    assert locks._locks == {}  # nothing is kept once nobody holds or waits


def test_a_failed_computation_releases_the_key() -> None:
    locks = KeyedLocks()
    try:
        with locks.hold("k"):
            raise RuntimeError("the database went away")
    except RuntimeError:
        pass
    acquired = threading.Event()

    def again() -> None:
        with locks.hold("k"):
            acquired.set()

    worker = threading.Thread(target=again)
    worker.start()
    worker.join(timeout=5)
    assert acquired.is_set()
