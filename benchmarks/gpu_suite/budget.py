"""Wall-time budget of the suite: phases in order, each with a share, unused time carried forward."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

__all__ = ["Budget"]


class Budget:
    """Deadlines for phases run one after another within ``seconds`` of wall time.

    A phase's deadline is its share of the time still left, where the shares of the phases not yet run (and
    the ``"reserve"`` kept for writing the results) divide what remains: a phase that finishes early hands its
    time to the later ones, and one that overruns shortens them instead of the total.
    """

    def __init__(
        self, seconds: float, shares: Mapping[str, float], clock: Callable[[], float] = time.monotonic
    ) -> None:
        if seconds <= 0:
            raise ValueError("the budget must be positive")
        if any(v < 0 for v in shares.values()) or sum(shares.values()) <= 0:
            raise ValueError("shares must be non-negative with a positive sum")
        self.seconds = float(seconds)
        self.shares = dict(shares)
        self._clock = clock
        self.started = self.now()
        self._pending = [name for name in shares if name != "reserve"]
        self.spent: dict[str, float] = {}

    def now(self) -> float:
        return float(self._clock())

    def elapsed(self) -> float:
        return self.now() - self.started

    def left(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def start(self, phase: str) -> float:
        """Begin ``phase`` (a key of ``shares``) and return its deadline on this budget's clock."""
        if phase not in self._pending:
            raise ValueError(f"phase {phase!r} is unknown or already started")
        weights = sum(self.shares[p] for p in self._pending) + self.shares.get("reserve", 0.0)
        self._pending.remove(phase)
        return self.now() + self.left() * self.shares[phase] / weights

    def finish(self, phase: str, started: float) -> float:
        """Record ``phase``'s wall time (from ``started``, a :meth:`now` value) and return it."""
        self.spent[phase] = round(self.now() - started, 1)
        return self.spent[phase]
