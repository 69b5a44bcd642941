"""Server memory under the worst inflating uploads: the peak RSS growth of the real API process per request.

    python -m benchmarks.system.hostile_uploads [--side 256]

Starts uvicorn on a fresh SQLite database (demo project), with ``MAX_VOXELS_PER_VOLUME`` set to ``side³`` so the
largest legitimate volume is ``side³ × 4`` bytes (float32, what images are stored as), then sends, one request at
a time: a 1 MB gzip mask that inflates to 1 GiB (header claiming a 1024³ grid), a mask on the right grid followed
by 1 GiB of gzip trailer, a NIfTI import whose header claims 30000³ voxels, a gzip NIfTI image that inflates to
1 GiB past its voxels, a zip bomb (1 GiB declared from ~1 MB), a request declaring a 3 GiB body, and last the
baseline: an import of the largest volume the limits allow. For each it resets the process's peak RSS
(``/proc/PID/clear_refs``), then reads ``VmHWM`` after the answer: growth = peak − RSS before. Target: every
hostile request under 2× the largest legitimate volume. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from tests.ingest.hostile_corpus import gzip_bomb_nifti, nifti, nifti_claiming, zip_bomb

REPO_ROOT = Path(__file__).resolve().parents[2]
MIB = 1024**2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def _measure(pid: int, send: Callable[[], tuple[int, str]]) -> dict[str, Any]:
    """Reset the peak, send, and return status, seconds and peak growth in MiB."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status_kib(pid, "VmRSS")
    started = time.perf_counter()
    status, detail = send()
    seconds = time.perf_counter() - started
    growth = max(0, _status_kib(pid, "VmHWM") - before) / 1024
    return {"status": status, "seconds": round(seconds, 2), "peak_growth_mib": round(growth, 1), "detail": detail}


def _declared_body(port: int, path: str, token: str, declared: int) -> tuple[int, str]:
    """Send only headers announcing ``declared`` bytes: the answer must come before any body is read."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {declared}\r\n\r\n"
            ).encode()
        )
        chunks = []
        while chunk := sock.recv(65536):  # the server answers and closes without reading a body byte
            chunks.append(chunk)
        reply = b"".join(chunks).decode(errors="replace")
    status = int(reply.split(" ", 2)[1])
    return status, reply.split("\r\n\r\n", 1)[-1][:200]


def _queue_case(env: dict[str, str]) -> str:
    """A published round offering the first unlabelled pool patient: the case a radiologist may submit."""
    os.environ.update(env)
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Patient, Project, Round, Score

    with session_scope() as session:
        project = session.scalars(select(Project)).one()
        patient = session.scalars(
            select(Patient)
            .where(Patient.project_id == project.id, Patient.split == "pool", Patient.status == "unlabeled")
            .order_by(Patient.external_id)
        ).first()
        assert patient is not None
        round_ = Round(
            id=uuid.uuid4(), project_id=project.id, number=1, status="ready", strategy="random", batch_size=1
        )
        session.add(round_)
        session.flush()
        session.add(
            Score(
                round_id=round_.id,
                patient_id=patient.id,
                value=1.0,
                components={},
                rank=1,
                selected=True,
                cost_cents=project.cost_per_patient_cents,
            )
        )
        return str(patient.id)


def _answer(response: httpx.Response) -> tuple[int, str]:
    try:
        detail = str(response.json().get("detail", ""))[:160]
    except ValueError:
        detail = response.text[:160]
    return response.status_code, detail


def run(side: int) -> dict[str, Any]:
    voxels = side**3
    legit_mib = voxels * 4 / MIB
    with tempfile.TemporaryDirectory(prefix="radloop-hostile-") as tmp:
        root = Path(tmp)
        password = secrets.token_urlsafe(16)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
            "STORAGE_ROOT": str(root / "storage"),
            "SECRET_KEY": secrets.token_urlsafe(48),
            "RADLOOP_DEMO_PASSWORD": password,
            "BROKER_URL": "",
            "EMBEDDED_BROKER_DIR": str(root / "broker"),
            "MAX_VOXELS_PER_VOLUME": str(voxels),
            "MAX_VOXELS_PER_UPLOAD": str(voxels),
        }
        for command in (["init-db"], ["seed-demo"]):
            subprocess.run([sys.executable, "-m", "backend.cli", *command], cwd=REPO_ROOT, env=env, check=True)
        patient_id = _queue_case(env)
        port = _free_port()
        log = (root / "uvicorn.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)]
            + ["--log-level", "warning"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.25)
            client = httpx.Client(base_url=base, timeout=600)
            tokens = {
                user: client.post("/api/auth/login", json={"username": user, "password": password}).json()[
                    "access_token"
                ]
                for user in ("lead", "radiologist")
            }
            lead = {"Authorization": f"Bearer {tokens['lead']}"}
            reader = {"Authorization": f"Bearer {tokens['radiologist']}"}
            project_id = client.get("/api/projects", headers=lead).json()[0]["id"]
            shape = tuple(client.get(f"/api/patients/{patient_id}", headers=reader).json()["shape"])

            def mask(payload: bytes) -> Callable[[], tuple[int, str]]:
                files = {"mask": ("mask.nii.gz", payload, "application/gzip")}
                return lambda: _answer(
                    client.post(f"/api/patients/{patient_id}/annotations", files=files, headers=reader)
                )

            def upload(name: str, payload: bytes) -> Callable[[], tuple[int, str]]:
                files = [("files", (name, payload, "application/octet-stream"))]
                return lambda: _answer(client.post(f"/api/projects/{project_id}/imports", files=files, headers=lead))

            right_grid = nib_bomb_on(shape)
            rng = np.random.default_rng(0)
            legit = (rng.standard_normal((side, side, side), dtype=np.float32) * 100).round(1)
            legit_payload = nifti(legit)
            del legit
            cases: dict[str, tuple[bytes | None, Callable[[], tuple[int, str]]]] = {}
            bomb_mask = gzip_bomb_nifti((1024, 1024, 1024), 1024 * MIB)
            cases["mask: 1 GiB gzip, header 1024^3"] = (bomb_mask, mask(bomb_mask))
            cases["mask: right grid + 1 GiB trailer"] = (right_grid, mask(right_grid))
            huge = nifti_claiming((30_000, 30_000, 30_000))
            cases["import: header claims 30000^3"] = (huge, upload("huge.nii.gz", huge))
            trailer = gzip_bomb_nifti((64, 64, 64), 1024 * MIB)
            cases["import: NIfTI + 1 GiB gzip trailer"] = (trailer, upload("trailer.nii.gz", trailer))
            bomb_zip = zip_bomb(1024 * MIB)
            cases["import: zip bomb 1 GiB"] = (bomb_zip, upload("bomb.zip", bomb_zip))
            cases["import: declares a 3 GiB body"] = (
                None,
                lambda: _declared_body(port, f"/api/projects/{project_id}/imports", tokens["lead"], 3 * 1024**3),
            )
            cases[f"baseline: legitimate {side}^3 float32 import"] = (
                legit_payload,
                upload("legit.nii.gz", legit_payload),
            )
            results = {}
            for name, (payload, send) in cases.items():
                result = _measure(server.pid, send)
                result["request_mib"] = round(len(payload) / MIB, 2) if payload is not None else None
                results[name] = result
                print(  # noqa: T201
                    f"{name:<44} {result['status']}  {result['seconds']:6.2f} s  "
                    f"peak +{result['peak_growth_mib']:7.1f} MiB  (request {result['request_mib']} MiB)  "
                    f"{result['detail'][:90]}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    hostile = {k: v for k, v in results.items() if not k.startswith("baseline")}
    worst = max(v["peak_growth_mib"] for v in hostile.values())
    baseline = results[f"baseline: legitimate {side}^3 float32 import"]["peak_growth_mib"]
    print(  # noqa: T201
        f"largest legitimate volume {legit_mib:.0f} MiB; worst hostile request +{worst:.1f} MiB = "
        f"{worst / legit_mib:.2f}x of it (target < 2x); legitimate import +{baseline:.1f} MiB = "
        f"{baseline / legit_mib:.2f}x"
    )
    return {
        "benchmark": "hostile_uploads",
        "largest_volume_mib": round(legit_mib, 1),
        "worst_hostile_growth_mib": worst,
        "worst_hostile_ratio": round(worst / legit_mib, 3),
        "baseline_ratio": round(baseline / legit_mib, 3),
        "results": results,
    }


def nib_bomb_on(shape: tuple[int, ...]) -> bytes:
    """A valid all-zero uint8 mask on ``shape`` whose gzip stream goes on for 1 GiB after its voxels."""
    import zlib

    import nibabel as nib

    header = nib.Nifti1Header()
    header.set_data_shape(shape)
    header.set_data_dtype(np.uint8)
    header["vox_offset"] = 352
    header["magic"] = b"n+1"
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [deflate.compress(header.binaryblock + b"\x00" * 4 + bytes(int(np.prod(shape))))]
    block = bytes(MIB)
    parts += [deflate.compress(block) for _ in range(1024)]
    parts.append(deflate.flush())
    return b"".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--side", type=int, default=256, help="MAX_VOXELS_PER_VOLUME = side^3 (default 256)")
    args = parser.parse_args()
    print(json.dumps(run(args.side)))  # noqa: T201


if __name__ == "__main__":
    main()
