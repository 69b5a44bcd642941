"""nnU-Net's own dataset integrity check on Radloop's nnU-Net v2 and MSD exports.

    python -m benchmarks.system.nnunet_check [--setup] [--venv /tmp/nnunet-venv]

A fresh SQLite database and store in a temporary folder: the demo is seeded as ``make demo`` seeds it (10 MSD
hippocampus MRIs, 6 of them labelled) and the TCIA PGBM-003 DICOM study (T1post + tumour mask) is imported through
the API, so one case name is a de-identified pseudonym. The project is exported through the API as
``format=nnunet`` and ``format=msd``; nnU-Net v2 then checks both: ``verify_dataset_integrity`` on the nnU-Net
export, and ``convert_msd_dataset`` (nnU-Net's MSD importer) followed by ``verify_dataset_integrity`` on the MSD
export. The last line is JSON.

nnU-Net is not a Radloop dependency and its full install pulls a CUDA torch, so it lives in its own venv
(``--setup`` makes it): nnunetv2 and the packages its integrity check imports, each pinned and installed with
``--no-deps``; torch, numpy, scipy and nibabel come from Radloop's .venv through a ``.pth`` path entry (the CPU
torch pinned in requirements.lock), so nothing downloads a second torch.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
# What nnunetv2 2.8.1's verify_dataset_integrity and convert_msd_dataset import, beyond Radloop's own packages.
NNUNET_PACKAGES = (
    "nnunetv2==2.8.1",
    "acvl-utils==0.2.6",
    "batchgenerators==0.25.5",
    "blosc2==4.14.1",
    "numexpr==2.14.2",
    "msgpack==1.2.4",
    "ndindex==1.10.1",
    "SimpleITK==2.5.7",
    "pandas==3.1.1",
    "pytz==2026.6",
    "tzdata==2026.6",
    "scikit-image==0.26.0",
    "imageio==2.38.1",
    "lazy-loader==0.6",
    "networkx==3.6.1",
    "tifffile==2026.3.3",
    "scikit-learn==1.9.1",
    "threadpoolctl==3.8.0",
    "connected-components-3d==4.1.1",
)
PASSWORD = "nnunet-check-password"

CHECK = """
import json, os, sys
from nnunetv2.experiment_planning.verify_dataset_integrity import verify_dataset_integrity
from nnunetv2.dataset_conversion.convert_MSD_dataset import convert_msd_dataset
from nnunetv2.paths import nnUNet_raw
nnunet_folder, msd_folder, msd_target = sys.argv[1], sys.argv[2], int(sys.argv[3])
verify_dataset_integrity(nnunet_folder, num_processes=2)
convert_msd_dataset(msd_folder, overwrite_target_id=msd_target, num_processes=2)
converted = [d for d in os.listdir(nnUNet_raw) if d.startswith("Dataset%03d_" % msd_target)][0]
verify_dataset_integrity(os.path.join(nnUNet_raw, converted), num_processes=2)
print("RESULT " + json.dumps({"nnunet": nnunet_folder, "msd_converted": converted}))
"""


def setup(venv: Path) -> None:
    """Create the nnU-Net venv (see the module docstring)."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run([*pip, *NNUNET_PACKAGES], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    radloop_site = next((REPO / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "zz_radloop_venv.pth").write_text(f"{radloop_site}\n")


def _configure(root: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{root / 'radloop.sqlite'}",
            "STORAGE_ROOT": str(root / "storage"),
            "EMBEDDED_BROKER_DIR": str(root / "broker"),
            "SECRET_KEY": "nnunet-check-benchmark-secret-key-0123456789abcdef",
            "RADLOOP_DEMO_PASSWORD": PASSWORD,
            "BROKER_URL": "",
        }
    )


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.dcm")):
            archive.write(path, str(path.relative_to(folder)))
    return buffer.getvalue()


def _exports(root: Path) -> tuple[dict[str, Path], dict[str, Any]]:
    """Seed, import, export both formats; returns the extracted dataset folders and what was exported."""
    from fastapi.testclient import TestClient

    from backend import demo
    from backend.db.session import session_scope
    from backend.main import create_app
    from backend.migrate import upgrade_head

    upgrade_head(os.environ["DATABASE_URL"])
    with session_scope() as session:
        project_id = str(demo.seed(session).project.id)
    client = TestClient(create_app())
    login = client.post("/api/auth/login", json={"username": "lead", "password": PASSWORD})
    login.raise_for_status()
    lead = {"Authorization": f"Bearer {login.json()['access_token']}"}
    study = SHARED / "tcia-brain-tumor-dicom" / "PGBM-003"
    imported = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", ("study.zip", _zip_folder(study), "application/zip"))],
        headers=lead,
    )
    imported.raise_for_status()
    raw = root / "nnUNet_raw"
    raw.mkdir()
    folders: dict[str, Path] = {}
    facts: dict[str, Any] = {"dicom_case": imported.json()["patients"][0]["external_id"]}
    for fmt, dataset_id in (("nnunet", 501), ("msd", 2)):
        t0 = time.perf_counter()
        response = client.get(f"/api/projects/{project_id}/export?format={fmt}&dataset_id={dataset_id}", headers=lead)
        response.raise_for_status()
        target = raw if fmt == "nnunet" else root / "msd"
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            archive.extractall(target)
            top = archive.namelist()[0].split("/")[0]
        folders[fmt] = target / top
        meta = json.loads((target / top / "dataset.json").read_text())
        facts[fmt] = {
            "folder": top,
            "bytes": len(response.content),
            "export_s": round(time.perf_counter() - t0, 2),
            "training": meta["numTraining"],
            "labels": meta["labels"],
        }
    return folders, facts


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/nnunet-venv"), help="nnU-Net's own venv")
    parser.add_argument("--setup", action="store_true", help="create the venv first (pinned, no torch download)")
    args = parser.parse_args(argv)
    if args.setup or not (args.venv / "bin" / "python").exists():
        setup(args.venv)
    with tempfile.TemporaryDirectory(prefix="radloop-nnunet-") as tmp:
        root = Path(tmp)
        _configure(root)
        folders, facts = _exports(root)
        env = {
            **os.environ,
            "nnUNet_raw": str(root / "nnUNet_raw"),
            "nnUNet_preprocessed": str(root / "pre"),
            "nnUNet_results": str(root / "res"),
        }
        t0 = time.perf_counter()
        check = subprocess.run(
            [str(args.venv / "bin" / "python"), "-c", CHECK, str(folders["nnunet"]), str(folders["msd"]), "503"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        output = check.stdout + check.stderr
        facts["nnunet_check"] = {
            "returncode": check.returncode,
            "passed": check.returncode == 0 and "RESULT " in check.stdout,
            "check_s": round(time.perf_counter() - t0, 1),
        }
        print(output.strip()[-4000:])
    print(json.dumps(facts))
    return facts


if __name__ == "__main__":
    result = main()
    sys.exit(0 if result["nnunet_check"]["passed"] else 1)
