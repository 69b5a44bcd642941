"""Durability knobs for worker jobs, read from the environment (``JOB_*``).

A running job's worker writes ``jobs.heartbeat_at`` every ``JOB_HEARTBEAT_S`` seconds. A job whose heartbeat is
older than ``JOB_STALE_AFTER_S`` belongs to a dead worker: the recovery sweep, which every worker runs at start and
every ``JOB_SWEEP_INTERVAL_S`` seconds, puts it back on its queue, or marks it failed once it has used
``JOB_MAX_ATTEMPTS`` attempts. ``JOB_TIME_LIMIT_S`` bounds one attempt; the Redis visibility timeout is set above it.
``JOB_GENESIS_STEPS`` sizes the Models Genesis pre-training that precedes a project's first round;
``JOB_GENESIS_ON_IMPORT`` starts it in the background when images are imported.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.core.config import REPO_ROOT


class JobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOB_", env_file=REPO_ROOT / ".env", extra="ignore")

    heartbeat_s: float = 10.0
    stale_after_s: float = 60.0
    sweep_interval_s: float = 30.0
    max_attempts: int = 3
    time_limit_s: int = 6 * 3600
    # Models Genesis restoration steps before a project's first round (0 = start from random weights).
    genesis_steps: int = 100
    # Pre-train the backbone in the background as soon as a project without one gets images, so the lead's first
    # round starts from it instead of spending most of its time pre-training.
    genesis_on_import: bool = True

    @property
    def visibility_timeout_s(self) -> int:
        """Longer than the longest attempt, so Redis never redelivers a task that is still running."""
        return self.time_limit_s + 3600


def job_settings() -> JobSettings:
    return JobSettings()
