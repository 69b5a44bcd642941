"""The frontend's generated API types are what the backend's OpenAPI document generates now.

``frontend/src/types/openapi.gen.ts`` is committed so the frontend builds without a Python environment; this test
regenerates it from ``app.openapi()`` with the same script (``frontend/scripts/gen-api.mjs``) and compares the bytes,
so a changed route or schema fails here until the types are regenerated, instead of turning into an ``undefined``
on screen. Field names, optionality, nullability and enum values are all covered, because they are all in the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from backend.main import app

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
GENERATED = FRONTEND / "src" / "types" / "openapi.gen.ts"
REGENERATE = "cd frontend && npm run gen:api"


def test_generated_api_types_are_current(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "node is needed to generate the frontend's types (make install provides it)"
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(app.openapi(), sort_keys=True))
    fresh = tmp_path / "openapi.gen.ts"
    subprocess.run(
        [node, "scripts/gen-api.mjs", "--schema", str(schema), "--out", str(fresh)],
        cwd=FRONTEND,
        check=True,
        capture_output=True,
        text=True,
    )
    assert GENERATED.is_file(), f"{GENERATED.relative_to(FRONTEND.parent)} is missing; run `{REGENERATE}`"
    assert fresh.read_bytes() == GENERATED.read_bytes(), (
        f"{GENERATED.relative_to(FRONTEND.parent)} is not what the backend's OpenAPI document generates now; "
        f"run `{REGENERATE}` and commit the result"
    )
