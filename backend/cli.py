"""Command line: migrations, demo seeding, imports, users and rounds.

python -m backend.cli init-db
python -m backend.cli seed-demo
python -m backend.cli import --project NAME [--split validation] [--labels L]... [--reference-labels] PATH ...
python -m backend.cli create-user NAME --role lead [--project NAME]
python -m backend.cli run-round --project NAME [--epochs N]
python -m backend.cli simulate-random --project NAME [--seeds S]
python -m backend.cli pacs-import --project NAME --study STUDY_UID[:SERIES_UID,...] ... [--split S] [--wait]

run-round, simulate-random and pacs-import queue a job for a worker. To run one in this process instead (operators,
measurements, the e2e seed), use the worker's command line, which shares the arguments below:
``python -m worker.cli run-round ...``, ``... simulate-random ...`` and ``... pacs-import ...`` (the API package never
imports the worker, so the in-process path lives on the worker's side).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from backend.core.config import ConfigurationError, get_settings
from backend.core.errors import RadloopError
from backend.core.logging import configure_logging
from backend.db.session import session_scope
from backend.models import Project
from backend.models.patient import Split
from backend.models.user import Role

log = logging.getLogger("backend.cli")


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\x1b`` stays four visible characters): names come from
    uploaded files and must never drive the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _project(session: Session, name: str) -> Project:
    from backend.project import crud as project_crud

    project = project_crud.get_by_name(session, name)
    if project is None:
        raise RadloopError(f"No project named {name!r}", status_code=404)
    return project


def cmd_init_db(_args: argparse.Namespace) -> None:
    from backend.migrate import upgrade_head

    upgrade_head()
    print("database migrated to head")  # noqa: T201


def cmd_backfill_study_dates(args: argparse.Namespace) -> None:
    from backend.patient import study_dates

    with session_scope() as session:
        project_id = _project(session, args.project).id if args.project else None
        dated, without = study_dates.backfill(session, project_id)
    print(f"study dates backfilled: {dated} volumes dated, {without} without a date in their headers")  # noqa: T201


def cmd_seed_demo(args: argparse.Namespace) -> None:
    from backend import demo

    with session_scope() as session:
        result = demo.seed(session, Path(args.data) if args.data else demo.DEMO_DATA)
        name = result.project.name
    state = "created" if result.created else "reused"
    print(f"demo project {name!r} {state}")  # noqa: T201
    _schedule_pretraining(name)
    print("demo logins (username / password):")  # noqa: T201
    for username, role in demo.DEMO_USERS:
        print(f"  {username:<12} {result.password}   ({role})")  # noqa: T201


def cmd_import(args: argparse.Namespace) -> None:
    from backend.ingest.plan import plan_import
    from backend.patient import importer

    # The blob clean-up wraps the session, so a commit that fails also removes the files the import stored.
    with (
        importer.removing_blobs_on_failure() as written,
        session_scope() as session,
        tempfile.TemporaryDirectory() as workdir,
    ):
        project = _project(session, args.project)
        plans = plan_import(
            [Path(p) for p in args.paths], [Path(p) for p in args.labels], workdir=Path(workdir), verify=False
        )
        patients = importer.import_patients(
            session,
            project=project,
            plans=plans,
            split=Split(args.split),
            reference_labels=args.reference_labels,
            written=written,
        )
        names = [p.external_id for p in patients]
    hidden = " (labels kept as hidden reference labels)" if args.reference_labels else ""
    print(f"imported {len(names)} patients{hidden}: {', '.join(printable(n) for n in names)}")  # noqa: T201
    _schedule_pretraining(args.project)


def _schedule_pretraining(project_name: str) -> None:
    """Queue the project's backbone pre-training after an import (see ``backend.pretraining``)."""
    from backend.pretraining import service as pretraining

    with session_scope() as session:
        job = pretraining.schedule(session, _project(session, project_name))
        session.commit()
        pretraining.dispatch(session, job)
    if job is not None:
        print("the Models Genesis backbone is pre-training in the background (a worker runs it)")  # noqa: T201


def cmd_create_user(args: argparse.Namespace) -> None:
    from backend.project import members as project_members
    from backend.user import service as user_service

    password = args.password or getpass.getpass("password: ")
    with session_scope() as session:
        user = user_service.create(session, username=args.username, password=password, role=Role(args.role))
        for name in args.project:
            project_members.add_member(session, project=_project(session, name), user=user)
    print(f"user {args.username} ({args.role}) created")  # noqa: T201


_MOVED = "in-process runs moved to the worker's command line: python -m worker.cli {command} (same arguments)"


def start_round(args: argparse.Namespace) -> tuple[uuid.UUID, uuid.UUID]:
    """Create the round and its queued job (``run-round``'s arguments); returns (round id, job id)."""
    from backend.round import service as round_service
    from backend.user import service as user_service

    with session_scope() as session:
        project = _project(session, args.project)
        lead = user_service.get_by_username(session, args.user)
        if lead is None:
            raise RadloopError(f"No user {args.user!r}", status_code=404)
        config = {"epochs": args.epochs} if args.epochs else {}
        new_round, job = round_service.start(
            session,
            project=project,
            user=lead,
            strategy=args.strategy,
            batch_size=args.batch_size,
            config=config,
        )
        return new_round.id, job.id


def print_round(round_id: uuid.UUID) -> None:
    from backend.models import Round

    with session_scope() as session:
        found = session.get(Round, round_id)
        if found is None:
            raise RadloopError(f"Round {round_id} vanished", status_code=404)
        print(f"round {found.number}: {found.status} metrics={found.metrics}")  # noqa: T201


def start_simulation(args: argparse.Namespace) -> uuid.UUID:
    """Queue the simulated random baseline (``simulate-random``'s arguments); returns the job id."""
    from backend.simulation import service as simulation_service
    from backend.user import service as user_service

    with session_scope() as session:
        project = _project(session, args.project)
        user = user_service.get_by_username(session, args.user)
        if user is None:
            raise RadloopError(f"No user {args.user!r}", status_code=404)
        return simulation_service.start(session, project=project, user=user, seeds=args.seeds).id


def print_simulation(job_id: uuid.UUID) -> None:
    from backend.models import Job

    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise RadloopError(f"Job {job_id} vanished", status_code=404)
        print(f"random baseline: {job.status} result={job.result}")  # noqa: T201


def _pacs_request(args: argparse.Namespace) -> Any:
    """``--study UID`` (every image series and its mask) or ``--study UID:SERIES,SERIES`` as an import request."""
    from pydantic import ValidationError

    from backend.pacs.schemas import PacsImportCreate

    studies: list[dict[str, Any]] = []
    for spec in args.study:
        study_uid, _, series = spec.partition(":")
        entry: dict[str, Any] = {"study_uid": study_uid.strip()}
        if series.strip():
            entry["series_uids"] = [uid.strip() for uid in series.split(",") if uid.strip()]
        studies.append(entry)
    try:
        return PacsImportCreate.model_validate({"studies": studies, "split": args.split}, strict=False)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise RadloopError(f"invalid --study: {problems}", status_code=400) from None


def start_pacs_import(args: argparse.Namespace) -> uuid.UUID:
    """Plan the import over QIDO-RS and queue its job (``pacs-import``'s arguments); returns the job id."""
    from backend.pacs import service as pacs_service
    from backend.user import service as user_service

    request = _pacs_request(args)
    with session_scope() as session:
        project = _project(session, args.project)
        user = user_service.get_by_username(session, args.user)
        if user is None:
            raise RadloopError(f"No user {args.user!r}", status_code=404)
        connection = pacs_service.require_connection(session, project.id)
        job = pacs_service.start_import(session, project=project, connection=connection, user=user, request=request)
        counts = job.config["totals"]
        job_id = job.id
    print(  # noqa: T201
        f"pacs import {job_id}: {counts['studies']} studies, {counts['series']} series, "
        f"{counts['instances']} instances of {counts['patients']} patients"
    )
    return job_id


def print_pacs_import(job_id: uuid.UUID) -> None:
    """The job's outcome; a failed import is an error (exit status 2) naming the reason."""
    from backend.models import Job
    from backend.pacs import service as pacs_service

    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise RadloopError(f"Job {job_id} vanished", status_code=404)
        read = pacs_service.import_to_read(job)
    result = read.result
    if result is not None:
        names = ", ".join(printable(p.external_id) for p in result.patients)
        print(  # noqa: T201
            f"pacs import {read.status}: {len(result.patients)} patients ({names}), {result.imported_series} series "
            f"and {result.imported_instances} instances imported, {result.skipped_series} series already there, "
            f"{result.instances_per_s} instances/s"
        )
        for failed in result.failed:
            print(f"  not imported (studies {', '.join(failed.study_uids)}): {printable(failed.detail)}")  # noqa: T201
    else:
        print(f"pacs import {read.status}: {read.progress}")  # noqa: T201
    if read.status in ("failed", "cancelled"):
        raise RadloopError(f"the import {read.status}: {printable(read.error or '')}", status_code=409)


def _follow(job_id: uuid.UUID, poll_s: float = 1.0) -> None:
    """Print the job's progress until it ends (a worker must consume the cpu queue)."""
    import time

    from backend.jobs.lifecycle import FINAL
    from backend.models import Job

    last = None
    while True:
        with session_scope() as session:
            job = session.get(Job, job_id)
            if job is None:
                raise RadloopError(f"Job {job_id} vanished", status_code=404)
            status, progress = job.status, dict(job.progress or {})
        line = (
            f"{status} {progress.get('stage', '')} {progress.get('done_instances', 0)}/"
            f"{progress.get('total_instances', 0)} instances ({progress.get('percent', 0)}%)"
        )
        if line != last:
            print(line, flush=True)  # noqa: T201
            last = line
        if status in FINAL:
            return
        time.sleep(poll_s)


def cmd_pacs_import(args: argparse.Namespace) -> None:
    from backend.jobs.enqueue import dispatch
    from backend.jobs.names import PACS_IMPORT

    job_id = start_pacs_import(args)
    with session_scope() as session:
        dispatch(session, PACS_IMPORT, job_id)
    if args.wait:
        _follow(job_id)
        print_pacs_import(job_id)
    else:
        print(f"queued on the cpu queue; follow it with GET /api/projects/{{id}}/pacs/imports/{job_id}")  # noqa: T201


def cmd_run_round(args: argparse.Namespace) -> None:
    from backend.jobs.enqueue import dispatch
    from backend.jobs.names import ROUND_RUN

    if args.sync:
        raise RadloopError(_MOVED.format(command="run-round"), status_code=400)
    round_id, job_id = start_round(args)
    with session_scope() as session:
        dispatch(session, ROUND_RUN, job_id)
    print_round(round_id)


def cmd_simulate_random(args: argparse.Namespace) -> None:
    from backend.jobs.enqueue import dispatch
    from backend.jobs.names import SIMULATE_RANDOM

    if args.sync:
        raise RadloopError(_MOVED.format(command="simulate-random"), status_code=400)
    job_id = start_simulation(args)
    with session_scope() as session:
        dispatch(session, SIMULATE_RANDOM, job_id)
    print_simulation(job_id)


def add_round_arguments(parser: argparse.ArgumentParser) -> None:
    """``run-round``'s arguments, shared with ``python -m worker.cli run-round``."""
    parser.add_argument("--project", required=True)
    parser.add_argument("--user", default="lead", help="who starts it (for the audit log)")
    parser.add_argument("--strategy")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--epochs", type=int)


def add_simulation_arguments(parser: argparse.ArgumentParser) -> None:
    """``simulate-random``'s arguments, shared with ``python -m worker.cli simulate-random``."""
    parser.add_argument("--project", required=True)
    parser.add_argument("--user", default="lead", help="who starts it (for the audit log)")
    parser.add_argument("--seeds", type=int, default=5)


def add_pacs_import_arguments(parser: argparse.ArgumentParser) -> None:
    """``pacs-import``'s arguments, shared with ``python -m worker.cli pacs-import``."""
    parser.add_argument("--project", required=True)
    parser.add_argument("--user", default="lead", help="who starts it (for the audit log)")
    parser.add_argument(
        "--study",
        action="append",
        required=True,
        metavar="STUDY_UID[:SERIES_UID,...]",
        help="a study of the project's PACS (every image series and its mask), or only the listed series; repeat",
    )
    parser.add_argument("--split", choices=[s.value for s in Split], default="pool")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backend.cli", description="Radloop administration")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="apply database migrations").set_defaults(func=cmd_init_db)
    backfill = sub.add_parser(
        "backfill-study-dates", help="give volumes imported before the viewer's study header their study date"
    )
    backfill.add_argument("--project", help="only this project (default: all)")
    backfill.set_defaults(func=cmd_backfill_study_dates)
    seed = sub.add_parser("seed-demo", help="create demo users and the demo project (idempotent)")
    seed.add_argument("--data", help="folder with imagesTr/ and labelsTr/ (default: the shipped sample)")
    seed.set_defaults(func=cmd_seed_demo)
    imp = sub.add_parser("import", help="import DICOM files/folders/zips, NIfTI or 2D images as patients")
    imp.add_argument("--project", required=True)
    imp.add_argument("--split", choices=[s.value for s in Split], default="pool")
    imp.add_argument(
        "--labels",
        action="append",
        default=[],
        metavar="LABEL",
        help="a label file (or folder/zip of them) matched to the images by name; repeat for each one",
    )
    imp.add_argument(
        "--reference-labels",
        action="store_true",
        help="keep the labels as hidden ground truth for the simulated random baseline: the patients stay "
        "unlabelled, readers never see the labels and rounds never train on them",
    )
    imp.add_argument("paths", nargs="+")
    imp.set_defaults(func=cmd_import)
    user = sub.add_parser("create-user", help="create a user")
    user.add_argument("username")
    user.add_argument("--role", choices=[r.value for r in Role], required=True)
    user.add_argument("--password")
    user.add_argument("--project", action="append", default=[])
    user.set_defaults(func=cmd_create_user)
    run = sub.add_parser("run-round", help="start an active-learning round (queued for a worker)")
    add_round_arguments(run)
    run.add_argument("--sync", action="store_true", help="moved: python -m worker.cli run-round")
    run.set_defaults(func=cmd_run_round)
    sim = sub.add_parser("simulate-random", help="simulate random selection at the sizes of the real curve")
    add_simulation_arguments(sim)
    sim.add_argument("--sync", action="store_true", help="moved: python -m worker.cli simulate-random")
    sim.set_defaults(func=cmd_simulate_random)
    pacs = sub.add_parser("pacs-import", help="import studies from the project's PACS (DICOMweb), queued for a worker")
    add_pacs_import_arguments(pacs)
    pacs.add_argument("--wait", action="store_true", help="print progress until the job ends")
    pacs.set_defaults(func=cmd_pacs_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_logging(logging.WARNING)
    return run_command(build_parser().parse_args(argv))


def run_command(args: argparse.Namespace) -> int:
    """Run ``args.func`` and turn the errors an operator can fix into one line and exit status 2."""
    try:
        get_settings()  # refuse unsafe production settings before touching the database
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    try:
        args.func(args)
    except RadloopError as exc:
        print(f"error: {printable(exc.detail)}", file=sys.stderr)  # noqa: T201
        return 2
    except SQLAlchemyError as exc:
        # e.g. a value the database refuses; the transaction was rolled back and stored files removed.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"error: the database refused the change, nothing was saved ({printable(reason)})", file=sys.stderr)  # noqa: T201
        return 2
    except OSError as exc:
        where = f": {printable(str(exc.filename))}" if exc.filename else ""
        print(f"error: {printable(exc.strerror or str(exc))}{where}", file=sys.stderr)  # noqa: T201
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
