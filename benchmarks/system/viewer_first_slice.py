"""Time to the first usable slice and to full resolution in Chromium, for the largest TCIA brain MR series and a
512×512×300 int16 volume.

    FRONTEND_DIST=/tmp/dist-you python -m benchmarks.system.viewer_first_slice [--runs 3] [--chromium /usr/bin/chromium]

Starts a throw-away backend (fresh SQLite + store, demo users) serving the built frontend (``FRONTEND_DIST``, default
frontend/dist), imports both volumes through the API (``POST /api/projects/{id}/imports``, as a lead would), then
opens each patient in the lead's ground-truth viewer (``/patients/{id}/ground-truth``, which needs no queue) in
headless Chromium. A volume above 16M voxels opens on the server's downsampled preview (``?level=preview``) and is
then replaced by the full volume (frontend/src/viewer/engine/volume-loader.ts). Reported per volume, each as the
median of ``--runs``, from the browser's own clock (ms since navigation start):

- ``first_slice_ms``: the ``radloop:first-slice`` mark: the preview (or, for a smaller volume, the full volume) drawn
  on screen, GPU work included.
- ``full_resolution_ms``: the ``radloop:full-resolution`` mark: the full volume and its label map on screen, tools on.
- ``breakdown``: where the time went: ``boot_ms`` (page, JS, login check, case payload and viewer start, until the
  first volume request), per level (``preview``, ``full``) ``fetch_ms`` (request to last byte; the browser inflates
  the content-encoded NIfTI while it downloads), ``decode_ms`` (NIfTI parse and NiiVue's image set-up) and
  ``upload_ms`` (texture upload and NiiVue's per-volume GPU pass, waited for), and ``label_map_ms`` (the starting
  drawing on the full grid).

``cold`` is a fresh browser context (empty HTTP cache); ``warm`` a reload in the same context, where a volume the
browser cached is revalidated by its ETag (304, ``bytes`` ~300) instead of downloaded; Chromium does not cache one
as large as the 512×512×300 (85 MB), so that one is downloaded again. The last line is JSON. Chromium runs with
``--disable-gpu`` (software WebGL) like the E2E tests, so figures are an upper bound for a workstation with a GPU.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import nibabel as nib
import numpy as np
from playwright.sync_api import Browser, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
TCIA = REPO_ROOT.parent / "shared" / "data" / "tcia-brain-tumor-dicom"
PROJECT = "Hippocampus MRI (demo)"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "backend.cli", *args], cwd=REPO_ROOT, env=env, check=True, timeout=600)


def largest_tcia_series() -> tuple[list[Path], tuple[int, int, int]]:
    """The image series (not a mask) with the most voxels: files and (rows, cols, slices)."""
    import pydicom

    best: tuple[int, list[Path], tuple[int, int, int]] | None = None
    for folder in sorted({p.parent for p in TCIA.rglob("*.dcm")}):
        if "Mask" in folder.name:
            continue
        files = sorted(folder.glob("*.dcm"))
        head = pydicom.dcmread(files[0], stop_before_pixels=True)
        shape = (int(head.Rows), int(head.Columns), len(files))
        voxels = shape[0] * shape[1] * shape[2]
        if best is None or voxels > best[0]:
            best = (voxels, files, shape)
    if best is None:
        raise SystemExit(f"no DICOM series under {TCIA}")
    return best[1], best[2]


def synthetic_volume(path: Path, shape: tuple[int, int, int] = (512, 512, 300)) -> None:
    """A smooth int16 phantom (spheres + gradient + mild noise), written as gzipped NIfTI."""
    rng = np.random.default_rng(0)
    x, y, z = np.ogrid[: shape[0], : shape[1], : shape[2]]
    centre = np.array(shape) / 2
    radius = np.sqrt(
        ((x - centre[0]) / shape[0]) ** 2 + ((y - centre[1]) / shape[1]) ** 2 + ((z - centre[2]) / shape[2]) ** 2
    )
    data = (1000 * (radius < 0.4) + 400 * (radius < 0.2) + (x + y) // 4).astype(np.int16)
    data += rng.integers(-20, 20, size=shape, dtype=np.int16)
    raw = nib.Nifti1Image(data, np.diag([0.7, 0.7, 1.0, 1.0])).to_bytes()
    path.write_bytes(gzip.compress(raw, compresslevel=1))


def _import(client: httpx.Client, project_id: str, files: list[Path]) -> str:
    handles = [("files", (f.name, f.read_bytes(), "application/octet-stream")) for f in files]
    response = client.post(f"/api/projects/{project_id}/imports", files=handles, timeout=600)
    response.raise_for_status()
    return str(response.json()["patients"][0]["id"])


# Marks and measures the viewer records (viewer-engine.ts, use-case-loader.ts), and its volume requests.
_READ_TIMINGS = """() => {
  const at = (name) => performance.getEntriesByName(name)[0]
  const volumes = performance.getEntriesByType('resource').filter((r) => /\\/volume(\\?|$)/.test(r.name))
  const request = (preview) => volumes.find((r) => r.name.includes('level=preview') === preview)
  const level = (name, preview) => {
    const r = request(preview)
    return {
      fetch_ms: r ? r.responseEnd - r.startTime : null,
      bytes: r ? r.transferSize : null,
      decoded_bytes: r ? r.decodedBodySize : null,
      decode_ms: at(`radloop:${name}:decode`)?.duration ?? null,
      upload_ms: at(`radloop:${name}:upload`)?.duration ?? null,
    }
  }
  return {
    first_slice_ms: at('radloop:first-slice')?.startTime ?? null,
    full_resolution_ms: at('radloop:full-resolution')?.startTime ?? null,
    breakdown: {
      boot_ms: volumes.length ? Math.min(...volumes.map((r) => r.startTime)) : null,
      preview: request(true) ? level('preview', true) : null,
      full: level('full', false),
      label_map_ms: at('radloop:full:label-map')?.duration ?? null,
    },
  }
}"""

Timings = dict[str, Any]


def _open_case(browser: Browser, base_url: str, password: str, patient_id: str) -> tuple[Timings, Timings]:
    """Cold (fresh context), then warm (reload): the viewer's timings for one patient."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(int(os.environ.get("BENCH_TIMEOUT_MS", "600000")))
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("current-user").wait_for()
    results: list[Timings] = []
    for _ in range(2):  # cold, then a reload (ETag revalidation)
        if results:
            page.reload()
        else:
            page.goto(f"{base_url}/patients/{patient_id}/ground-truth")
        rendered = page.locator('[data-testid=viewer][data-rendered="true"]')
        rendered.or_(page.get_by_role("alert")).first.wait_for()
        if not rendered.count():
            raise SystemExit(f"patient {patient_id} did not render: {page.get_by_role('alert').first.inner_text()}")
        results.append(page.evaluate(_READ_TIMINGS))
    context.close()
    return results[0], results[1]


def _median(values: list[Any]) -> float | None:
    numbers = [float(v) for v in values if v is not None]
    return round(statistics.median(numbers), 1) if numbers else None


def summarise(runs: list[Any]) -> Any:
    """Per-field medians of several runs' timings (same nesting; ``None`` where the first run has no value)."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: summarise([run[key] for run in runs]) if first[key] is not None else None for key in first}
    return _median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default=os.environ.get("RADLOOP_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    dist = Path(os.environ.get("FRONTEND_DIST", REPO_ROOT / "frontend" / "dist"))
    if not (dist / "index.html").is_file():
        raise SystemExit(f"{dist} has no built frontend: run `cd frontend && npm ci && npm run build` first")

    with tempfile.TemporaryDirectory(prefix="radloop-bench-") as tmp:
        root = Path(tmp)
        password = secrets.token_urlsafe(12)
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
            "STORAGE_ROOT": str(root / "storage"),
            "SECRET_KEY": secrets.token_urlsafe(32),
            "RADLOOP_DEMO_PASSWORD": password,
        }
        _cli(["init-db"], env)
        _cli(["seed-demo"], env)
        log = (root / "uvicorn.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    with urllib.request.urlopen(f"{base_url}/api/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.25)
            client = httpx.Client(base_url=base_url)
            token = client.post("/api/auth/login", json={"username": "lead", "password": password}).json()
            client.headers["Authorization"] = f"Bearer {token['access_token']}"
            project_id = next(p["id"] for p in client.get("/api/projects").json() if p["name"] == PROJECT)

            tcia_files, tcia_shape = largest_tcia_series()
            synthetic = root / "synthetic_512x512x300.nii.gz"
            synthetic_volume(synthetic)
            cases = {
                f"tcia {tcia_files[0].parent.parent.parent.name} {tcia_files[0].parent.name} "
                f"{tcia_shape[0]}x{tcia_shape[1]}x{tcia_shape[2]}": _import(client, project_id, tcia_files),
                "synthetic 512x512x300 int16": _import(client, project_id, [synthetic]),
            }
            report: dict[str, Timings] = {}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                for name, patient_id in cases.items():
                    opened = [_open_case(browser, base_url, password, patient_id) for _ in range(args.runs)]
                    cold, warm = summarise([c for c, _ in opened]), summarise([w for _, w in opened])
                    report[name] = {"runs": args.runs, "cold": cold, "warm": warm}
                    print(  # noqa: T201
                        f"{name}: first slice cold {cold['first_slice_ms']} ms, warm {warm['first_slice_ms']} ms;"
                        f" full resolution cold {cold['full_resolution_ms']} ms, warm {warm['full_resolution_ms']} ms"
                        f" (median of {args.runs}); breakdown cold {json.dumps(cold['breakdown'])}"
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()
    print(json.dumps({"benchmark": "viewer_first_slice", "chromium_args": CHROMIUM_ARGS, "results": report}))  # noqa: T201


if __name__ == "__main__":
    main()
