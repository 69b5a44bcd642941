"""How a page's cost grows with the project: each endpoint's first page timed by one plain client (no load), the
median of ``calls`` calls after two warm-up calls, at each project size.

``extend_scores`` adds only patients and round-2 score rows (no studies, volumes or annotations), to time the
scores page and the queue over a round that scored a million patients without building the rest.
"""

from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass

import httpx
import psycopg

from benchmarks.scale.build import Built, libpq_url
from benchmarks.scale.names import ADMIN, LEAD, reader_name

PAGE = {"limit": "100"}


@dataclass(frozen=True)
class Timing:
    endpoint: str
    median_ms: float
    p90_ms: float
    bytes: int
    status: int


def _login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _time(
    client: httpx.Client, name: str, path: str, headers: dict[str, str], params: dict[str, str], calls: int
) -> Timing:
    for _ in range(2):
        client.get(path, headers=headers, params=params)
    samples = []
    response = None
    for _ in range(calls):
        start = time.perf_counter()
        response = client.get(path, headers=headers, params=params)
        samples.append((time.perf_counter() - start) * 1000)
    assert response is not None
    samples.sort()
    return Timing(
        endpoint=name,
        median_ms=round(statistics.median(samples), 1),
        p90_ms=round(samples[int(0.9 * (len(samples) - 1))], 1),
        bytes=len(response.content),
        status=response.status_code,
    )


def first_pages(base_url: str, built: Built, *, calls: int = 20, only: set[str] | None = None) -> list[Timing]:
    """Each endpoint's first page (and the queue and one case payload) as its user sees it."""
    project, round_id = str(built.project_id), str(built.round_id)
    with httpx.Client(base_url=base_url, timeout=300) as client:
        reader = _login(client, reader_name(1), built.password)
        lead = _login(client, LEAD, built.password)
        admin = _login(client, ADMIN, built.password)
        queue = client.get("/api/queue", headers=reader).json()
        patient = str(queue[0]["patient_id"]) if queue else None
        plan: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
            ("queue", "/api/queue", reader, {}),
            ("projects", "/api/projects", lead, {}),
            ("project", f"/api/projects/{project}", lead, {}),
            ("patients (first page)", f"/api/projects/{project}/patients", lead, PAGE),
            ("annotations (first page)", f"/api/projects/{project}/annotations", lead, PAGE),
            ("scores (first page)", f"/api/rounds/{round_id}/scores", lead, PAGE),
            ("ledger (first page)", f"/api/projects/{project}/ledger", lead, PAGE),
            ("dashboard", f"/api/projects/{project}/dashboard", lead, {}),
            ("audit (project filter)", "/api/admin/audit", admin, {**PAGE, "project_id": project}),
            ("audit (first page)", "/api/admin/audit", admin, PAGE),
        ]
        if patient is not None:
            plan.insert(1, ("case: patient", f"/api/patients/{patient}", reader, {}))
        return [
            _time(client, name, path, headers, params, calls)
            for name, path, headers, params in plan
            if only is None or name in only
        ]


def extend_scores(built: Built, total: int) -> int:
    """Grow round 2's scores to ``total`` rows with unselected, lower-ranked patients (bare rows: no volume)."""
    with psycopg.connect(libpq_url(built.url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*), coalesce(max(rank), 0) FROM scores WHERE round_id = %s", (built.round_id,))
        row = cur.fetchone()
        assert row is not None
        have, top_rank = int(row[0]), int(row[1])
        extra = max(0, total - have)
        params = {
            "project": built.project_id,
            "round": built.round_id,
            "n": extra,
            "rank": top_rank,
            "salt": uuid.uuid4().hex,
        }
        cur.execute(
            "INSERT INTO patients (id, created_at, project_id, external_id, split, status) "
            "SELECT md5(%(salt)s || 'p' || i::text)::uuid, now(), %(project)s, 'SX' || lpad(i::text, 8, '0'), "
            "'pool', 'unlabeled' FROM generate_series(1, %(n)s) AS i",
            params,
        )
        cur.execute(
            "INSERT INTO scores (id, round_id, patient_id, value, components, rank, selected, cost_cents) "
            "SELECT md5(%(salt)s || 'c' || i::text)::uuid, %(round)s, md5(%(salt)s || 'p' || i::text)::uuid, "
            "0.0001 * (%(n)s - i) / %(n)s, json_build_object('entropy', 0.0001 * (%(n)s - i) / %(n)s), "
            "%(rank)s + i, false, 1000 FROM generate_series(1, %(n)s) AS i",
            params,
        )
        conn.commit()
    with psycopg.connect(libpq_url(built.url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) patients")
        conn.execute("VACUUM (ANALYZE) scores")
    return extra


def table(results: dict[str, list[Timing]]) -> str:
    """Endpoints down, sizes across: median ms (and the answer's size at the largest)."""
    sizes = list(results)
    names: list[str] = []
    for timings in results.values():
        names += [t.endpoint for t in timings if t.endpoint not in names]
    lines = [f"{'endpoint (median ms)':<28}" + "".join(f"{s:>20}" for s in sizes) + f"{'KB (last)':>12}"]
    for name in names:
        cells = []
        last_bytes = 0
        for size in sizes:
            found = next((t for t in results[size] if t.endpoint == name), None)
            if found is None:
                cells.append(f"{'-':>20}")
                continue
            mark = "" if found.status < 400 else f" [{found.status}]"
            cells.append(f"{f'{found.median_ms:.1f}{mark}':>20}")
            last_bytes = found.bytes
        lines.append(f"{name:<28}" + "".join(cells) + f"{last_bytes / 1024:>12.1f}")
    return "\n".join(lines)
