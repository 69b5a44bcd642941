"""Run the suite's jobs in parallel child processes and stop them at a deadline, keeping what they finished.

Why processes: one small UNet++ training leaves most of a large GPU idle (each step is a few hundred small
kernels launched from Python), so several trainings at once, each in its own process with its own CUDA
context, finish sooner than the same trainings one after another. Why a hard deadline: the suite has a fixed
wall-time budget and no GPU was at hand to size its presets on; ``benchmarks.label_efficiency`` rewrites its
``--out`` JSON after every finished curve, so a job stopped at its deadline still contributes those curves,
and the outcome says it was stopped.

Children are started with the ``spawn`` method (a forked child of a process that has touched CUDA cannot use
it) and write everything they print to their own log file.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Job", "JobOutcome", "label_efficiency_flags", "run_jobs"]


@dataclass(frozen=True)
class Job:
    """One unit of work: ``kind`` ``"label_efficiency"`` (``payload["argv"]``, its ``--out`` is ``out``) or
    ``"throughput"`` (``payload`` are keyword arguments of :func:`benchmarks.gpu_suite.throughput.run`)."""

    name: str
    kind: str
    payload: dict[str, Any]
    out: Path
    log: Path


@dataclass
class JobOutcome:
    """How a job ended and the JSON it left (complete, partial, or none).

    ``status``: ``"finished"``, ``"failed"`` (non-zero exit), ``"stopped at deadline"`` or ``"not started"``
    (the deadline came first). ``started``/``ended`` are seconds since the suite started.
    """

    job: Job
    status: str
    exit_code: int | None = None
    started: float | None = None
    ended: float | None = None
    result: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def seconds(self) -> float | None:
        return None if self.started is None or self.ended is None else round(self.ended - self.started, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.job.name,
            "status": self.status,
            "exit_code": self.exit_code,
            "seconds": self.seconds,
            "partial": bool(self.result and self.result.get("partial")),
            "out": str(self.job.out),
            "log": str(self.job.log),
        }


def label_efficiency_flags() -> set[str]:
    """The command-line flags ``benchmarks.label_efficiency`` accepts, read from its ``--help``.

    The suite passes only flags the installed version knows (the plateau-training flags arrived with issue 12),
    and records which it used.
    """
    from benchmarks import label_efficiency

    text = io.StringIO()
    with contextlib.redirect_stdout(text), contextlib.suppress(SystemExit):
        label_efficiency.main(["--help"])
    return set(re.findall(r"--[a-z][a-z0-9-]*", text.getvalue()))


def _configure_torch(threads: int) -> None:
    import torch

    torch.set_num_threads(threads)
    # Every job trains on one fixed input shape (2D frames resized, 3D volumes cropped): let cuDNN pick the
    # fastest convolution algorithms for it.
    torch.backends.cudnn.benchmark = True


def _run_label_efficiency(argv: list[str], infer_batch_size: int) -> None:
    from benchmarks import label_efficiency

    if infer_batch_size > 1:
        # The engine's TrainConfig default is 1 (right for a CPU), which on a GPU runs the T MC passes and the
        # ACFT views one launch-bound forward pass at a time. The recorded train_config shows the value used.
        argv = [*argv, "--infer-batch-size", str(infer_batch_size)]
    label_efficiency.main(argv)


def _child(job: Job, threads: int, infer_batch_size: int) -> None:
    """Entry point of a child process: everything it prints (Python and C level) goes to the job's log."""
    job.log.parent.mkdir(parents=True, exist_ok=True)
    with job.log.open("w", buffering=1) as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        sys.stdout = sys.stderr = log
        try:
            _configure_torch(threads)
            if job.kind == "label_efficiency":
                _run_label_efficiency(list(job.payload["argv"]), infer_batch_size)
            elif job.kind == "throughput":
                from benchmarks.gpu_suite import throughput

                throughput.run(out=job.out, **job.payload)
            else:
                raise ValueError(f"unknown job kind {job.kind!r}")
        except BaseException:
            traceback.print_exc()
            log.flush()
            os._exit(1)
        log.flush()


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    deadline: float,
    *,
    threads: int = 1,
    infer_batch_size: int = 1,
    origin: float = 0.0,
    clock: Callable[[], float] = time.monotonic,
    poll_s: float = 0.2,
) -> list[JobOutcome]:
    """Run ``jobs`` in at most ``workers`` processes at once, in order; stop every one still running at
    ``deadline`` (a ``clock`` value) and start none after it.

    Returns one :class:`JobOutcome` per job, in the order given, each with the JSON the job left at ``out``.
    """
    context = multiprocessing.get_context("spawn")
    pending = list(jobs)
    running: dict[str, tuple[Job, Any, float]] = {}
    outcomes: dict[str, JobOutcome] = {}
    for job in jobs:
        job.out.unlink(missing_ok=True)  # never harvest a stale result of an earlier run
    while pending or running:
        now = clock()
        if now >= deadline:
            for job, process, started in running.values():
                process.terminate()
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join()
                outcomes[job.name] = JobOutcome(job, "stopped at deadline", process.exitcode, started - origin)
                outcomes[job.name].ended = clock() - origin
            running.clear()
            for job in pending:
                outcomes[job.name] = JobOutcome(job, "not started")
            pending.clear()
            break
        while pending and len(running) < workers:
            job = pending.pop(0)
            process = context.Process(
                target=_child, args=(job, threads, infer_batch_size), name=f"gpu_suite:{job.name}", daemon=True
            )
            process.start()
            running[job.name] = (job, process, clock())
        for name, (job, process, started) in list(running.items()):
            if not process.is_alive():
                process.join()
                status = "finished" if process.exitcode == 0 else "failed"
                outcomes[name] = JobOutcome(job, status, process.exitcode, started - origin, clock() - origin)
                del running[name]
        time.sleep(poll_s)
    ordered = [outcomes[job.name] for job in jobs]
    for outcome in ordered:
        outcome.result = _read(outcome.job.out)
    return ordered
