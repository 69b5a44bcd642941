"""The frontend's hand-written API types name exactly the fields the server's response and request schemas have.

The interfaces are read with the TypeScript compiler's parser (``frontend/scripts/interface-fields.mjs``) and
compared with ``app.openapi()``, so a field renamed, added or dropped on either side fails here instead of
turning into an ``undefined`` on screen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from backend.main import app

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"

# frontend interface -> backend schema (None: a free-form JSON object on the server, e.g. a round's progress)
PAIRS: dict[str, str | None] = {
    "User": "UserRead",
    "LoginResponse": "LoginResponse",
    "Label": "LabelDef",
    "RoundProgress": None,
    "RoundMetrics": None,
    "Round": "RoundRead",
    "RoundJob": "JobRead",
    "ProjectCounts": "ProjectCounts",
    "Project": "ProjectRead",
    "PatientSummary": "PatientSummary",
    "PatientDetail": "PatientDetail",
    "QueueItem": "QueueItem",
    "AnnotationCreated": "AnnotationCreated",
    "Reservation": "ReservationRead",
    "SkipRecord": "SkipRead",
    "DraftInfo": "DraftRead",
    "ProjectAnnotation": "ProjectAnnotationRead",
    "ProjectCreateInput": "ProjectCreate",
    "LedgerEntry": "LedgerEntryRead",
    "BurnPoint": "BurnPoint",
    "Ledger": "LedgerRead",
    "ProjectMemberInfo": "MemberRead",
    "UserBrief": "UserBrief",
    "AdminUser": "UserAdminRead",
    "AuditEvent": "AuditEventRead",
    "AuditPage": "AuditPage",
    "RoundTimeline": "RoundTimeline",
    "EfficiencyPoint": "EfficiencyPoint",
    "UncertaintyHistogram": "Histogram",
    "ReaderThroughput": "Throughput",
    "ProjectDashboard": "Dashboard",
    "RandomCurvePoint": "RandomCurvePoint",
    "RandomCurve": "SimulationResult",
    "RandomSimulation": "SimulationRead",
    "ReadingTimeSummary": "ReadingTimeSummary",
    "ForecastInterval": "ForecastInterval",
    "ForecastPoint": "ForecastPoint",
    "ForecastBaseline": "ForecastBaseline",
    "Forecast": "Forecast",
    "RoundScore": "ScoreRead",
    "PatientAnnotation": "AnnotationRead",
    "PasswordChangeInput": "PasswordChange",
    "PasswordChanged": "PasswordChanged",
    "AuthSession": "SessionRead",
}


@pytest.fixture(scope="module")
def interfaces() -> dict[str, list[str]]:
    node = shutil.which("node")
    assert node is not None, "node is needed to read the frontend's types (make install provides it)"
    out = subprocess.run(
        [node, "scripts/interface-fields.mjs", "src/types/api.ts"],
        cwd=FRONTEND,
        check=True,
        capture_output=True,
        text=True,
    )
    parsed: dict[str, list[str]] = json.loads(out.stdout)
    return parsed


def test_every_frontend_interface_is_paired_with_a_schema(interfaces: dict[str, list[str]]) -> None:
    assert sorted(interfaces) == sorted(PAIRS)


@pytest.mark.parametrize(("interface", "schema"), [(k, v) for k, v in PAIRS.items() if v is not None])
def test_fields_match_the_openapi_schema(interfaces: dict[str, list[str]], interface: str, schema: str) -> None:
    properties = app.openapi()["components"]["schemas"][schema]["properties"]
    fields = interfaces[interface]
    assert len(fields) == len(set(fields)), f"{interface} declares a field twice"
    assert set(fields) == set(properties), (
        f"{interface} vs {schema}: only in the frontend {sorted(set(fields) - set(properties))}, "
        f"only on the server {sorted(set(properties) - set(fields))}"
    )
