"""Worker-side command line: run a round or the simulated random baseline in this process, without a Celery
worker (operators, measurements, the e2e seed).

python -m worker.cli run-round --project NAME [--user lead] [--strategy S] [--batch-size N] [--epochs N]
python -m worker.cli simulate-random --project NAME [--user lead] [--seeds S]
python -m worker.cli pacs-import --project NAME --study STUDY_UID[:SERIES_UID,...] ... [--split S]
python -m worker.cli review-reads [--project NAME]

The job is created exactly as ``python -m backend.cli run-round`` creates it (same arguments, same audit), then the
worker's task body runs here instead of being queued. It lives on the worker's side because the API package never
imports the worker (tests/test_import_rules.py).
"""

from __future__ import annotations

import argparse
import logging

from backend import cli
from backend.core.logging import configure_logging
from worker.tasks import pacs_import as pacs_import_task
from worker.tasks import review_reads as review_reads_task
from worker.tasks import round as round_task
from worker.tasks import simulation as simulation_task


def cmd_run_round(args: argparse.Namespace) -> None:
    round_id, job_id = cli.start_round(args)
    round_task.execute(job_id)
    cli.print_round(round_id)


def cmd_simulate_random(args: argparse.Namespace) -> None:
    job_id = cli.start_simulation(args)
    simulation_task.execute(job_id)
    cli.print_simulation(job_id)


def cmd_pacs_import(args: argparse.Namespace) -> None:
    job_id = cli.start_pacs_import(args)
    pacs_import_task.execute(job_id)
    cli.print_pacs_import(job_id)


def cmd_review_reads(args: argparse.Namespace) -> None:
    """Run the queued review jobs (agreement and consensus; a deployment without a cpu worker, the e2e tests)."""
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.jobs.names import REVIEW_READS_JOB
    from backend.models import Job, Project

    with session_scope() as session:
        query = select(Job.id).where(Job.kind == REVIEW_READS_JOB, Job.status == "queued").order_by(Job.created_at)
        if args.project:
            query = query.join(Project, Project.id == Job.project_id).where(Project.name == args.project)
        queued = list(session.scalars(query))
    for job_id in queued:
        review_reads_task.execute(job_id)
    print(f"ran {len(queued)} review job(s)")  # noqa: T201


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m worker.cli", description="Radloop: run a job in this process")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run-round", help="run an active-learning round here (train, score, select)")
    cli.add_round_arguments(run)
    run.set_defaults(func=cmd_run_round)
    sim = sub.add_parser("simulate-random", help="simulate random selection at the sizes of the real curve, here")
    cli.add_simulation_arguments(sim)
    sim.set_defaults(func=cmd_simulate_random)
    pacs = sub.add_parser("pacs-import", help="import studies from the project's PACS (DICOMweb), here")
    cli.add_pacs_import_arguments(pacs)
    pacs.set_defaults(func=cmd_pacs_import)
    review = sub.add_parser("review-reads", help="run the queued review jobs (agreement, consensus) here")
    review.add_argument("--project", default=None, help="only this project's")
    review.set_defaults(func=cmd_review_reads)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_logging(logging.WARNING)
    return cli.run_command(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
