"""In-process runs moved from ``python -m backend.cli ... --sync`` to ``python -m worker.cli ...``: the API's
command line never imports the worker, and the old flag says where the command went instead of running anything."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend import cli
from backend.db.session import session_scope
from backend.demo import DEMO_PROJECT
from backend.models import Job, Round


def _counts() -> tuple[int, int]:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(Round)) or 0, session.scalar(
            select(func.count()).select_from(Job)
        ) or 0


@pytest.mark.parametrize("command", ["run-round", "simulate-random"])
def test_backend_cli_sync_points_to_the_worker_cli_and_starts_nothing(
    demo: dict[str, str], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    before = _counts()
    assert cli.main([command, "--project", DEMO_PROJECT, "--sync"]) == 2
    err = capsys.readouterr().err
    assert f"python -m worker.cli {command}" in err, err
    assert _counts() == before


def test_worker_cli_runs_a_round_in_this_process(demo: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    from worker import cli as worker_cli

    assert worker_cli.main(["run-round", "--project", DEMO_PROJECT, "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("round 1: ready "), out
    with session_scope() as session:
        [job] = session.scalars(select(Job)).all()
        assert job.status == "succeeded"


def test_worker_cli_takes_the_backend_cli_arguments() -> None:
    from worker import cli as worker_cli

    for command in ("run-round", "simulate-random"):
        ours = worker_cli.build_parser().parse_args([command, "--project", "p"])
        theirs = cli.build_parser().parse_args([command, "--project", "p"])
        assert {k: v for k, v in vars(theirs).items() if k not in {"func", "sync"}} == {
            k: v for k, v in vars(ours).items() if k != "func"
        }
