"""The downsampled preview the viewer draws first (``GET /api/patients/{id}/volume?level=preview``, issue 17 item 11).

It must be the full volume's own voxels at the same world positions (so the reader's position carries over when the
full resolution replaces it), in the stored dtype, cached by ETag, refused for bad parameters and for callers who
may not read the volume, and audited like the volume read it is.
"""

from __future__ import annotations

import gzip
import uuid
from typing import Any

import nibabel as nib
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import AuditEvent, Patient
from backend.patient import preview
from backend.storage import blobs
from tests.conftest import login

# Voxel axes permuted and flipped relative to RAS (0.5 mm voxels).
AFFINE = np.array([[0, 0, -0.5, 30], [-0.5, 0, 0, 12], [0, 0.5, 0, -7], [0, 0, 0, 1]])
SHAPE = (40, 36, 10)


def _image(shape: tuple[int, int, int] = SHAPE) -> np.ndarray:
    values = np.arange(np.prod(shape), dtype=np.int64).reshape(shape) % 3000 - 1024
    return values.astype(np.int16)


def _nifti(data: np.ndarray) -> bytes:
    image = nib.Nifti1Image(data, AFFINE)
    image.header.set_sform(AFFINE, code=1)
    image.header.set_qform(AFFINE, code=1)
    return gzip.compress(image.to_bytes())


def _read(payload: bytes) -> nib.Nifti1Image:
    return nib.Nifti1Image.from_bytes(gzip.decompress(payload))


def _volume_reads(patient_id: str) -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).where(AuditEvent.action == "patient.volume.read", AuditEvent.target_id == patient_id)
        return list(session.scalars(query.order_by(AuditEvent.created_at)))


@pytest.fixture
def case(client: TestClient, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A CT patient in a project of its own (the lead is its only member), imported with a small preview budget so
    the 40×36×10 test volume is downsampled like a large CT."""
    monkeypatch.setattr(preview, "MAX_VOXELS", 1000)
    lead = login(client, "lead")
    body = {"name": "Preview CT", "modality": "CT", "labels": [{"value": 1, "name": "lesion", "color": "#ff0000"}]}
    project = client.post("/api/projects", json={**body, "cost_per_patient": 1, "budget_total": 10}, headers=lead)
    assert project.status_code == 201, project.text
    response = client.post(
        f"/api/projects/{project.json()['id']}/imports",
        files=[("files", ("ct.nii.gz", _nifti(_image()), "application/gzip"))],
        headers=lead,
    )
    assert response.status_code == 201, response.text
    return {"patient_id": response.json()["patients"][0]["id"], "lead": lead}


class TestSteps:
    def test_a_large_ct_loses_in_plane_pixels_before_slices(self) -> None:
        assert preview.steps((512, 512, 300), (0.7, 0.7, 1.0)) == (4, 4, 2)
        # 5 mm slices are already coarse: only the 0.7 mm pixels are thinned (256 × 256 × 60 fits the budget).
        assert preview.steps((512, 512, 60), (0.7, 0.7, 5.0)) == (2, 2, 1)

    def test_a_volume_within_the_budget_is_kept_whole(self) -> None:
        assert preview.steps((320, 260, 25), (0.9, 0.9, 6.0)) == (1, 1, 1)

    def test_the_budget_is_met_even_for_extreme_shapes(self) -> None:
        for shape in [(4000, 3000, 1), (7, 9, 5000), (1, 1, 1)]:
            stride = preview.steps(shape, (1.0, 1.0, 1.0), max_voxels=1000)
            kept = np.prod([-(-n // s) for n, s in zip(shape, stride, strict=True)])
            assert kept <= 1000


class TestPreviewRoute:
    def test_preview_holds_the_full_volumes_voxels_at_the_same_world_positions(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        full = _read(client.get(url, headers=case["lead"]).content)
        response = client.get(url, params={"level": "preview"}, headers=case["lead"])
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/gzip"
        assert 'filename="image-preview.nii.gz"' in response.headers["content-disposition"]
        small = _read(response.content)
        # Each halving goes to the finest axis (the longest on a tie): 10 × 18 × 5 = 900 voxels <= 1000.
        assert preview.steps(SHAPE, (0.5, 0.5, 0.5), max_voxels=1000) == (4, 2, 2)
        assert small.shape == (10, 18, 5)
        assert small.get_data_dtype() == np.int16 == full.get_data_dtype()
        data = np.asanyarray(small.dataobj)
        assert np.array_equal(data, np.asanyarray(full.dataobj)[::4, ::2, ::2])
        for voxel in [(0, 0, 0), (9, 17, 4), (3, 5, 2)]:
            at_full = full.affine @ [voxel[0] * 4, voxel[1] * 2, voxel[2] * 2, 1]
            assert np.allclose(small.affine @ [*voxel, 1], at_full)
        assert np.allclose(small.header.get_zooms(), (2.0, 1.0, 1.0))
        assert np.allclose(small.header.get_sform(), small.affine) and small.header["sform_code"] > 0

    def test_full_is_the_default_and_unchanged(self, client: TestClient, case: dict[str, Any]) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        default = client.get(url, headers=case["lead"])
        explicit = client.get(url, params={"level": "full"}, headers=case["lead"])
        assert default.content == explicit.content
        assert default.headers["etag"] == explicit.headers["etag"]
        assert np.array_equal(np.asanyarray(_read(default.content).dataobj), _image())

    def test_etag_is_the_previews_own_and_a_match_is_a_304(self, client: TestClient, case: dict[str, Any]) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        full_tag = client.get(url, headers=case["lead"]).headers["etag"]
        first = client.get(url, params={"level": "preview"}, headers=case["lead"])
        tag = first.headers["etag"]
        assert tag != full_tag
        again = client.get(url, params={"level": "preview"}, headers={**case["lead"], "If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        # The full volume's tag does not validate the preview (nor the other way round).
        crossed = client.get(url, params={"level": "preview"}, headers={**case["lead"], "If-None-Match": full_tag})
        assert crossed.status_code == 200 and crossed.content == first.content

    def test_a_volume_imported_before_previews_gets_the_same_preview_on_first_request(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        stored = client.get(url, params={"level": "preview"}, headers=case["lead"])
        with session_scope() as session:
            volume_id = session.get_one(Patient, uuid.UUID(case["patient_id"])).primary_volume_id
        path = blobs.path_of(preview.key_for(volume_id))
        assert path.read_bytes() == stored.content  # written at import
        path.unlink()
        rebuilt = client.get(url, params={"level": "preview"}, headers=case["lead"])
        assert rebuilt.status_code == 200
        assert rebuilt.content == stored.content and rebuilt.headers["etag"] == stored.headers["etag"]
        assert path.read_bytes() == stored.content

    def test_a_preview_read_is_audited_as_a_volume_read(self, client: TestClient, case: dict[str, Any]) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        client.get(url, headers=case["lead"])
        tag = client.get(url, params={"level": "preview"}, headers=case["lead"]).headers["etag"]
        client.get(url, params={"level": "preview"}, headers={**case["lead"], "If-None-Match": tag})
        events = _volume_reads(case["patient_id"])
        assert [e.details.get("level") for e in events] == [None, "preview", "preview"]
        assert [e.details["status"] for e in events] == [200, 200, 304]
        assert events[1].details["preview_sha256"] == tag.strip('"')
        assert events[1].details["sha256"] == events[0].details["sha256"]

    @pytest.mark.parametrize("level", ["thumbnail", "PREVIEW", "", "1"])
    def test_an_unknown_level_is_a_422_that_reads_and_records_nothing(
        self, client: TestClient, case: dict[str, Any], level: str
    ) -> None:
        response = client.get(
            f"/api/patients/{case['patient_id']}/volume", params={"level": level}, headers=case["lead"]
        )
        assert response.status_code == 422
        body = response.json()
        assert set(body) >= {"error", "detail"} and "level" in str(body["detail"])
        assert _volume_reads(case["patient_id"]) == []

    def test_who_may_read_the_preview_is_who_may_read_the_volume(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        outsider = login(client, "radiologist")  # not a member of this project
        admin = login(client, "admin")
        client.cookies.clear()  # each call below is who its header says (or nobody)
        for params in [{}, {"level": "preview"}]:
            assert client.get(url, params=params).status_code == 401
            assert client.get(url, params=params, headers=outsider).status_code == 403
            assert client.get(url, params=params, headers=admin).status_code == 200
            missing = client.get(f"/api/patients/{uuid.uuid4()}/volume", params=params, headers=case["lead"])
            assert missing.status_code == 404
        assert [e.details.get("level") for e in _volume_reads(case["patient_id"])] == [None, "preview"]


class TestNiftiEncoding:
    """``Accept: application/x-nifti``: the viewer's download, inflated by the browser's network stack."""

    def test_the_nifti_itself_comes_content_encoded_and_the_file_stays_the_default(
        self, client: TestClient, case: dict[str, Any]
    ) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        as_file = client.get(url, headers=case["lead"])
        assert as_file.headers["content-type"] == "application/gzip"
        assert "content-encoding" not in as_file.headers
        assert as_file.content[:2] == b"\x1f\x8b"
        for params in [{}, {"level": "preview"}]:
            nifti = client.get(url, params=params, headers={**case["lead"], "Accept": "application/x-nifti"})
            assert nifti.status_code == 200
            assert nifti.headers["content-type"] == "application/x-nifti"
            assert nifti.headers["content-encoding"] == "gzip"
            assert nifti.headers["vary"] == "Accept"
            assert nifti.headers["content-disposition"].endswith('.nii"')
            # httpx inflated it, as a browser does: the body is the NIfTI header and voxels.
            image = nib.Nifti1Image.from_bytes(nifti.content)
            gzipped = client.get(url, params=params, headers=case["lead"])
            assert nifti.content == gzip.decompress(gzipped.content)
            assert np.array_equal(np.asanyarray(image.dataobj), np.asanyarray(_read(gzipped.content).dataobj))

    def test_each_representation_has_its_own_etag(self, client: TestClient, case: dict[str, Any]) -> None:
        url = f"/api/patients/{case['patient_id']}/volume"
        nifti_headers = {**case["lead"], "Accept": "application/x-nifti"}
        file_tag = client.get(url, headers=case["lead"]).headers["etag"]
        nifti_tag = client.get(url, headers=nifti_headers).headers["etag"]
        assert nifti_tag == file_tag[:-1] + '-nii"'
        assert client.get(url, headers={**nifti_headers, "If-None-Match": nifti_tag}).status_code == 304
        assert client.get(url, headers={**nifti_headers, "If-None-Match": file_tag}).status_code == 200
        assert client.get(url, headers={**case["lead"], "If-None-Match": nifti_tag}).status_code == 200
        assert [e.details["status"] for e in _volume_reads(case["patient_id"])] == [200, 200, 304, 200, 200]
