"""A round's ranking of the patients it scored: rank 1 is the most uncertain.

One home for it because two readers must agree on it exactly: the worker stores each score's rank
(``worker.tasks.round_persistence.save_scores``), and reading-time prices use a case's place in that ranking as a
feature, computed from the stored rank for a stored round and with this function for a round still being selected.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_scores(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Each value's rank, 1 for the largest; ties keep their order, and a failed (NaN) score ranks last."""
    array = np.asarray(values, dtype=np.float64)
    order = np.argsort(-array, kind="stable")
    ranks = np.empty(array.size, dtype=np.int64)
    ranks[order] = np.arange(1, array.size + 1)
    return ranks
