"""Run Locust headless against a started API, read its per-endpoint statistics, judge them against issue 16's targets.

The machine's load average is sampled every 5 s during the run (the API, Postgres and Locust share its cores, and
other work may too): the figures are read against it.
"""

from __future__ import annotations

import csv
import os
import resource
import statistics
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.scale.names import CASE_OPEN
from benchmarks.scale.server import REPO_ROOT, ApiServer

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass(frozen=True)
class EndpointStats:
    name: str
    kind: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    avg_bytes: float


@dataclass(frozen=True)
class Target:
    what: str
    names: tuple[str, ...]
    p99_ms: float


@dataclass(frozen=True)
class Verdict:
    what: str
    limit_ms: float
    worst_name: str
    worst_p99_ms: float | None
    met: bool


# Issue 16's targets on 2 cores. Lists and the dashboard are judged on their p99 too (the issue says "< 200 ms for
# its first page"; a p99 is the stricter reading). Case open is the reader's wait: the sum of its requests.
TARGETS = (
    Target("queue p99 < 100 ms", ("queue",), 100),
    Target("case open p99 < 300 ms (excl. volume)", (CASE_OPEN,), 300),
    Target("submit p99 < 500 ms", ("case: submit",), 500),
    Target(
        "list first pages p99 < 200 ms",
        (
            "lead: patients (first page)",
            "lead: annotations (first page)",
            "lead: scores (first page)",
            "lead: ledger (first page)",
            "admin: audit (project filter)",
            "admin: audit (action filter)",
            "admin: audit",
        ),
        200,
    ),
    Target("dashboard p99 < 300 ms", ("lead: dashboard",), 300),
)


@dataclass
class LoadResult:
    endpoints: list[EndpointStats]
    verdicts: list[Verdict]
    failures: int
    requests: int
    conflicts: int
    load_average: dict[str, float]
    cpus: int
    # CPU seconds over the run: the API's processes, and Locust's (the load generator shares the machine).
    api_cpu_s: float
    locust_cpu_s: float
    exit_code: int
    csv_prefix: str
    failures_detail: list[dict[str, str]] = field(default_factory=list)

    @property
    def zero_errors(self) -> bool:
        return self.failures == 0

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["zero_errors"] = self.zero_errors
        data["all_targets_met"] = self.zero_errors and all(v.met for v in self.verdicts)
        return data


class LoadSampler:
    """The 1-minute load average every ``interval_s`` while the run lasts."""

    def __init__(self, interval_s: float = 5.0) -> None:
        self.interval_s = interval_s
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        return {
            "min": round(min(self.samples), 2),
            "mean": round(statistics.fmean(self.samples), 2),
            "max": round(max(self.samples), 2),
            "at_end_5min": round(os.getloadavg()[1], 2),
        }


def run_locust(
    server: ApiServer,
    env: dict[str, str],
    *,
    users: int,
    spawn_rate: float,
    duration_s: int,
    csv_prefix: Path,
    log_path: Path,
) -> LoadResult:
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        server.base_url,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{duration_s}s",
        "--reset-stats",  # steady state: the figures start once every user has logged in
        "--stop-timeout",
        "10",
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    run_env = {**os.environ, **env, "PYTHONPATH": str(REPO_ROOT)}
    api_before = server.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log_path.open("ab") as log, LoadSampler() as sampler:
        exit_code = subprocess.run(
            command, cwd=REPO_ROOT, env=run_env, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime
    return read_results(
        csv_prefix,
        sampler.summary(),
        exit_code,
        api_cpu_s=round(server.cpu_seconds() - api_before, 1),
        locust_cpu_s=round(locust_cpu, 1),
    )


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("nan")


def read_results(
    csv_prefix: Path, load_average: dict[str, float], exit_code: int, *, api_cpu_s: float, locust_cpu_s: float
) -> LoadResult:
    endpoints: list[EndpointStats] = []
    with Path(f"{csv_prefix}_stats.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            endpoints.append(
                EndpointStats(
                    name=row["Name"],
                    kind=row["Type"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    p50_ms=_number(row["50%"]),
                    p95_ms=_number(row["95%"]),
                    p99_ms=_number(row["99%"]),
                    max_ms=_number(row["Max Response Time"]),
                    avg_bytes=_number(row["Average Content Size"]),
                )
            )
    failures_detail: list[dict[str, str]] = []
    failures_path = Path(f"{csv_prefix}_failures.csv")
    if failures_path.exists():
        with failures_path.open(newline="") as handle:
            failures_detail = [dict(row) for row in csv.DictReader(handle)]
    http = [e for e in endpoints if e.kind not in ("CASE", "INFO")]
    return LoadResult(
        endpoints=endpoints,
        verdicts=judge(endpoints),
        failures=sum(e.failures for e in http),
        requests=sum(e.requests for e in http),
        conflicts=sum(e.requests for e in endpoints if e.kind == "INFO"),
        load_average=load_average,
        cpus=os.cpu_count() or 0,
        api_cpu_s=api_cpu_s,
        locust_cpu_s=locust_cpu_s,
        exit_code=exit_code,
        csv_prefix=str(csv_prefix),
        failures_detail=failures_detail,
    )


def judge(endpoints: list[EndpointStats]) -> list[Verdict]:
    by_name = {e.name: e for e in endpoints}
    verdicts = []
    for target in TARGETS:
        seen = [by_name[n] for n in target.names if n in by_name and by_name[n].requests > 0]
        if not seen:
            verdicts.append(Verdict(target.what, target.p99_ms, "(not measured)", None, False))
            continue
        worst = max(seen, key=lambda e: e.p99_ms)
        verdicts.append(Verdict(target.what, target.p99_ms, worst.name, worst.p99_ms, worst.p99_ms < target.p99_ms))
    return verdicts


def report(result: LoadResult) -> str:
    lines = [f"{'endpoint':<40}{'n':>7}{'fail':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'avg KB':>9}"]
    for e in sorted(result.endpoints, key=lambda e: (e.kind == "INFO", e.name)):
        lines.append(
            f"{e.name[:39]:<40}{e.requests:>7}{e.failures:>6}{e.p50_ms:>9.0f}{e.p95_ms:>9.0f}{e.p99_ms:>9.0f}"
            f"{e.max_ms:>9.0f}{e.avg_bytes / 1024:>9.1f}"
        )
    lines.append(
        f"requests {result.requests}, failures {result.failures}, conflicts (case taken) {result.conflicts}; "
        f"load average (1 min) during the run: min {result.load_average['min']}, mean {result.load_average['mean']}, "
        f"max {result.load_average['max']} on {result.cpus} CPUs; CPU seconds used by the API "
        f"{result.api_cpu_s}, by Locust {result.locust_cpu_s}"
    )
    for v in result.verdicts:
        figure = "n/a" if v.worst_p99_ms is None else f"{v.worst_p99_ms:.0f} ms ({v.worst_name})"
        lines.append(f"  {'MET    ' if v.met else 'NOT MET'} {v.what}: worst p99 {figure}")
    lines.append(f"  {'MET    ' if result.zero_errors else 'NOT MET'} zero errors: {result.failures} failed requests")
    for row in result.failures_detail[:10]:
        lines.append(
            f"    failure: {row.get('Method')} {row.get('Name')}: {row.get('Error')} ×{row.get('Occurrences')}"
        )
    return "\n".join(lines)
