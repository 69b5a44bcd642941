"""Small helpers for API tests: NIfTI bytes, patients by status."""

from __future__ import annotations

import gzip
from typing import Any

import nibabel as nib
import numpy as np
from fastapi.testclient import TestClient


def nifti_bytes(data: np.ndarray, *, compress: bool = True) -> bytes:
    raw = nib.Nifti1Image(data, np.eye(4)).to_bytes()
    return gzip.compress(raw) if compress else raw


def read_nifti(payload: bytes) -> np.ndarray:
    if payload[:2] == b"\x1f\x8b":
        payload = gzip.decompress(payload)
    return np.asanyarray(nib.Nifti1Image.from_bytes(payload).dataobj)


def patients(client: TestClient, project_id: str, headers: dict[str, str], **where: str) -> list[dict[str, Any]]:
    rows = client.get(f"/api/projects/{project_id}/patients", headers=headers).json()
    return [row for row in rows if all(row[k] == v for k, v in where.items())]


def submit(client: TestClient, patient_id: str, headers: dict[str, str], mask: bytes, **form: str) -> Any:
    return client.post(
        f"/api/patients/{patient_id}/annotations",
        files={"mask": ("mask.nii.gz", mask, "application/gzip")},
        data=form,
        headers=headers,
    )
