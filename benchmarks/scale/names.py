"""Names the builder, the Locust users and the report share (this module imports nothing, so neither Locust's gevent
patching nor the builder's dependencies reach the other side)."""

from __future__ import annotations

ADMIN = "scale-admin"
LEAD = "scale-lead"
# The synthetic entry each opened case records: the sum of its requests before the volume.
CASE_OPEN = "case open (total, excl. volume)"


def reader_name(index: int) -> str:
    """The username of reader ``index`` (1-based), as the load replays them."""
    return f"reader{index:03d}"
