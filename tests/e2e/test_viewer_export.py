"""The viewer must hand back the label map on the image's own voxel grid, whatever the image's orientation:
NiiVue keeps drawings in RAS order internally, so a non-RAS image is the case that would expose a wrong export."""

from __future__ import annotations

import base64
import gzip
from collections.abc import Callable

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import ApiClient, BrowserProblems, Server

pytestmark = pytest.mark.e2e

# Voxel axes i -> posterior, j -> superior, k -> left: permuted and flipped relative to RAS.
NON_RAS_AFFINE = np.array([[0, 0, -1.5, 10], [-1.0, 0, 0, 5], [0, 2.0, 0, -3], [0, 0, 0, 1]])
SHAPE = (20, 30, 12)


def _encoded_nifti(data: np.ndarray) -> str:
    image = nib.Nifti1Image(data, NON_RAS_AFFINE)
    image.header.set_qform(NON_RAS_AFFINE, code=1)
    image.header.set_sform(NON_RAS_AFFINE, code=1)
    return base64.b64encode(gzip.compress(image.to_bytes())).decode()


class TestGetLabelmap:
    def test_round_trips_a_non_ras_label_map_in_native_voxel_order(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        assert nib.aff2axcodes(NON_RAS_AFFINE) == ("P", "S", "L")
        rng = np.random.default_rng(0)
        image = rng.random(SHAPE).astype(np.float32)
        labels = np.zeros(SHAPE, np.uint8)
        labels[3:7, 5:9, 2] = 1
        labels[15, 25:28, 9:11] = 2

        # The viewer opens only a case the caller may annotate: one the lead's queue offers.
        queue = api_as("lead").get_json("/api/queue")
        assert isinstance(queue, list) and queue
        patient_id = queue[-1]["patient_id"]
        login(page, "lead")
        page.goto(f"{server.base_url}/annotate/{patient_id}")
        expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")

        exported_b64 = page.evaluate(
            """async ([volume, labels]) => {
              const decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer
              const viewer = window.__radloopViewer
              await viewer.loadVolume(decode(volume))
              await viewer.setLabelmap(decode(labels))
              const bytes = await viewer.getLabelmap()
              let binary = ''
              for (const byte of bytes) binary += String.fromCharCode(byte)
              return btoa(binary)
            }""",
            [_encoded_nifti(image), _encoded_nifti(labels)],
        )
        exported = nib.Nifti1Image.from_bytes(base64.b64decode(exported_b64))

        assert exported.shape == SHAPE
        assert np.allclose(exported.affine, NON_RAS_AFFINE)
        assert np.array_equal(np.asanyarray(exported.dataobj), labels)
        # Opening the case reserved it for the lead; give it back so later tests see the full queue.
        api_as("lead").send("DELETE", f"/api/patients/{patient_id}/draft")
        api_as("lead").send("DELETE", f"/api/patients/{patient_id}/reservation")
        browser_problems.assert_none()
