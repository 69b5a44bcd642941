"""The hostile-file corpus through the CLI (``python -m backend.cli import``), the README's ``--labels`` example,
and names from files that must be stored as sent but never interpreted (path, terminal, HTML, headers)."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.test_hostile_uploads import snapshot
from tests.conftest import REPO_ROOT, SHARED_DATA, login
from tests.ingest.hostile_corpus import HostileUpload, dicom, import_corpus, nifti

MSD = SHARED_DATA / "msd-hippocampus"
# Names a client sends but that no file on disk can carry: the API refuses them (tests/backend/test_hostile_uploads).
_API_ONLY = {"upload-named-dotdot", "file-name-300-chars"}


def _write(folder: Path, entries: tuple[tuple[str, bytes], ...] | list[tuple[str, bytes]]) -> list[str]:
    folder.mkdir(parents=True)
    for name, data in entries:
        (folder / name).write_bytes(data)
    return [str(folder / name) for name, _ in entries]


def _import(*args: str) -> int:
    from backend import cli
    from backend.demo import DEMO_PROJECT

    return cli.main(["import", "--project", DEMO_PROJECT, *args])


@pytest.mark.parametrize("case", [c for c in import_corpus() if c.id not in _API_ONLY], ids=lambda case: case.id)
def test_cli_refuses_hostile_files_with_a_message_and_exit_2(
    demo: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], case: HostileUpload
) -> None:
    paths = _write(tmp_path / "files", case.files)
    labels = [arg for path in _write(tmp_path / "labels", case.labels) for arg in ("--labels", path)]
    before = snapshot()
    code = _import(*labels, *paths)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("error: ") and case.message in err, err
    assert "Traceback" not in err
    assert snapshot() == before


def test_readme_labels_example_imports_an_annotated_patient(client: TestClient, demo: dict[str, str]) -> None:
    """``import --project NAME --labels labelsTr/x.nii.gz imagesTr/x.nii.gz`` (the label flag takes one file)."""
    name = "hippocampus_019.nii.gz"
    assert _import("--labels", str(MSD / "labelsTr" / name), str(MSD / "imagesTr" / name)) == 0
    headers = login(client, "lead")
    rows = client.get(f"/api/projects/{demo['project_id']}/patients", headers=headers).json()
    [patient] = [row for row in rows if row["external_id"] == "hippocampus_019"]
    assert patient["status"] == "annotated"


def test_readme_labels_flag_repeats_for_several_labels(client: TestClient, demo: dict[str, str]) -> None:
    names = ["hippocampus_019.nii.gz", "hippocampus_020.nii.gz"]
    labels = [arg for name in names for arg in ("--labels", str(MSD / "labelsTr" / name))]
    assert _import(*labels, *(str(MSD / "imagesTr" / name) for name in names)) == 0
    rows = client.get(f"/api/projects/{demo['project_id']}/patients", headers=login(client, "lead")).json()
    assert {
        row["external_id"]: row["status"]
        for row in rows
        if row["external_id"] in {"hippocampus_019", "hippocampus_020"}
    } == {
        "hippocampus_019": "annotated",
        "hippocampus_020": "annotated",
    }


HOSTILE_IDS = ["../../evil", "<script>alert(1)</script>", "\x1b[31mred\x1b[0m"]


def test_names_from_files_are_stored_raw_but_never_interpreted(
    client: TestClient, demo: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import select, update

    from backend.core.config import get_settings
    from backend.db.session import session_scope
    from backend.models import Patient, Project, Volume

    # Stored raw where a project keeps real identifiers; a de-identified project keeps them only in its identity map.
    with session_scope() as session:
        session.execute(update(Project).values(deidentify=False))
    paths = _write(tmp_path / "dicom", [(f"{i}.dcm", dicom(patient_id=name)) for i, name in enumerate(HOSTILE_IDS)])
    assert _import(*paths) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mred\\x1b[0m" in out  # the terminal shows the escape, never obeys it

    with session_scope() as session:
        stored = set(session.scalars(select(Patient.external_id).where(Patient.external_id.in_(HOSTILE_IDS))))
        keys = list(session.scalars(select(Volume.storage_key)))
    assert stored == set(HOSTILE_IDS)  # kept exactly as the files said
    assert all(re.fullmatch(r"volumes/[0-9a-f-]{36}\.nii\.gz", key) for key in keys)  # never a name as a path
    assert not list(get_settings().storage_root.parent.rglob("evil*"))

    headers = login(client, "lead")
    rows = client.get(f"/api/projects/{demo['project_id']}/patients", headers=headers).json()
    assert set(HOSTILE_IDS) <= {row["external_id"] for row in rows}  # JSON carries them as text


def test_export_and_download_names_are_sanitised(client: TestClient, demo: dict[str, str], tmp_path: Path) -> None:
    image = np.arange(4 * 5 * 3, dtype=np.int16).reshape(4, 5, 3)
    label = np.zeros((4, 5, 3), dtype=np.uint8)
    label[1, 1, 1] = 1
    name = '<script>"x"\x1b[31m.nii.gz'
    images = _write(tmp_path / "images", [(name, nifti(image))])
    labels = _write(tmp_path / "labels", [(name, nifti(label))])
    assert _import("--labels", labels[0], images[0]) == 0

    headers = login(client, "lead")
    from backend.db.session import session_scope
    from backend.models import Project

    with session_scope() as session:  # a lead may name a project anything; the header must still be safe
        project = session.get(Project, uuid.UUID(demo["project_id"]))
        assert project is not None
        project.name = 'Étude 日本 "q"\r\nX-Evil: 1'
    response = client.get(f"/api/projects/{demo['project_id']}/export", headers=headers)
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.isascii() and "\r" not in disposition and "x-evil" not in {k.lower() for k in response.headers}
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9-]+-labels\.zip"', disposition)
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "labels/_script__x___31m.nii.gz" in names
    assert all(".." not in n and not n.startswith("/") and "\x1b" not in n for n in names)


def test_export_names_never_collide_and_the_manifest_is_formula_safe(
    client: TestClient, demo: dict[str, str], tmp_path: Path
) -> None:
    """Three ids that sanitise to one file name, one a spreadsheet formula: three entries, an inert manifest."""
    image = np.arange(4 * 5 * 3, dtype=np.int16).reshape(4, 5, 3)
    label = np.zeros((4, 5, 3), dtype=np.uint8)
    label[1, 1, 1] = 1
    names = ["a b.nii.gz", "a_b.nii.gz", "A_B.nii.gz", "=HYPERLINK(1).nii.gz"]
    images = _write(tmp_path / "images", [(n, nifti(image)) for n in names])
    labels = _write(tmp_path / "labels", [(n, nifti(label)) for n in names])
    assert _import(*[arg for path in labels for arg in ("--labels", path)], *images) == 0

    response = client.get(f"/api/projects/{demo['project_id']}/export", headers=login(client, "lead"))
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    entries = [n for n in archive.namelist() if n.startswith("labels/")]
    assert len(entries) == len({n.lower() for n in entries})  # no overwrite, even on a case-insensitive disk
    ours = [n for n in entries if n.lower().startswith(("labels/a_b", "labels/_hyperlink"))]
    assert len(ours) == 4
    manifest = archive.read("manifest.csv").decode()
    assert "'=HYPERLINK(1)" in manifest
    assert not any(line.startswith("=") for line in manifest.splitlines())


def test_cli_errors_escape_names_from_files(
    tmp_path: Path, demo: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    [path] = _write(tmp_path / uuid.uuid4().hex, [("\x1b[2Jwipe.nii.gz", b"\x1f\x8b\x08\x00garbage")])
    assert _import(path) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jwipe.nii.gz" in err


def test_frontend_never_renders_names_as_html() -> None:
    """React escapes text; nothing in the app may bypass that with raw HTML."""
    sources = [p for p in (REPO_ROOT / "frontend" / "src").rglob("*.ts*") if p.is_file()]
    assert sources
    offenders = [p for p in sources if re.search(r"dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML", p.read_text())]
    assert offenders == []
