"""Carry out a planned PACS import (the job's body; ``worker/tasks/pacs_import.py`` is the Celery adapter).

For each patient group of the plan: retrieve its series (WADO-RS, one streamed request per series, instances as
stored: no transcoding) into a temporary folder with a small thread pool, then hand the folder to the SAME pipeline
as an upload (``backend.ingest.plan.plan_import`` + ``backend.patient.importer.import_patients``), so
de-identification, header keeping, label pairing and every limit apply unchanged. The patient and a
``PacsImportedSeries`` row per series are committed in one transaction, then the instances are deleted: the PACS
stays the system of record, and the rows (with the per-slice header blob the importer keeps) are the references to
fetch the originals again.

Resumable and idempotent: a series already in the project is skipped, so a job whose worker died finishes on its
next attempt without duplicates, and the unique (project, series) constraint stops two racing jobs from both
committing one series. While one patient is converted, the next one's series are already being retrieved.

Retries: a transient failure (timeout, dropped connection, 408/429/5xx) of a series' request is retried from the
series' start with exponential back-off; when the PACS stays down the job fails and a retry resumes it. A patient
whose files cannot be imported (a refused file, a patient already in the project, a series deleted from the PACS)
is reported in the result and the job carries on with the others.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Protocol, TypeVar

from dicomweb_client import DICOMwebClient
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.core.errors import RadloopError
from backend.db.session import session_scope
from backend.deid.redact import redact, text_values_in_files
from backend.ingest.plan import plan_import
from backend.ingest.volume import PatientImport
from backend.models import Job, Patient, Project, Study, Volume
from backend.models.pacs import PacsConnection, PacsImportedSeries
from backend.models.patient import Split
from backend.pacs import service
from backend.pacs.client import PACS_ERRORS, failure, is_transient, open_client, status_of
from backend.pacs.schemas import ImportedPatient, ImportFailure, PacsImportResult
from backend.patient import importer as patient_importer

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_WORKERS = 4  # series retrieved at once: enough to hide latency, gentle on a clinical archive
MAX_ATTEMPTS = 5  # per request; back-off 0.5, 1, 2, 4 s (+ up to 25% jitter)
BACKOFF_S = 0.5
PROGRESS_EVERY_S = 0.5
# Ask for the instances as stored: no transcoding on the PACS, compressed pixel data is decoded by our pipeline.
AS_STORED: tuple[tuple[str, str], ...] = (("application/dicom", "*"),)


class Progress(Protocol):
    """``worker.tasks.jobs.ProgressReporter``: writes the job's progress, raises when the job was cancelled."""

    def __call__(self, stage: str, **values: Any) -> None: ...


class _GroupFailed(Exception):
    """This patient cannot be imported; the job records why and carries on."""


@dataclass
class _Series:
    study_uid: str
    series_uid: str
    planned: int  # instance count QIDO-RS reported when the job was planned


@dataclass
class _Group:
    index: int
    studies: list[str]
    series: list[_Series]


@dataclass
class _Fetch:
    """One group's retrieval in flight: its folder, its series still to import and one future per series."""

    group: _Group
    directory: Path
    todo: list[_Series]
    instances: dict[str, int] = field(default_factory=dict)  # series uid -> instances retrieved
    futures: dict[Future[int], _Series] = field(default_factory=dict)
    written: int = 0  # instances on disk so far (for the progress bar; retrieval threads add to it)


@dataclass
class Outcome:
    result: PacsImportResult
    progress: dict[str, Any]

    @property
    def failed(self) -> list[ImportFailure]:
        return self.result.failed

    def summary(self) -> str:
        imported, failed = len(self.result.patients), len(self.result.failed)
        return (
            f"{failed} patient(s) could not be imported ({imported} imported); first reason: "
            f"{self.result.failed[0].detail}"
        )


def _groups(config: dict[str, Any]) -> list[_Group]:
    groups = []
    for index, group in enumerate(config.get("groups", [])):
        studies = [str(study["study_uid"]) for study in group["studies"]]
        series = [
            _Series(str(study["study_uid"]), str(s["series_uid"]), int(s.get("instances", 0)))
            for study in group["studies"]
            for s in study["series"]
        ]
        groups.append(_Group(index, studies, series))
    return groups


class ImportRun:
    """One attempt at a PACS import job."""

    def __init__(self, job_id: uuid.UUID, progress: Progress, *, max_workers: int = MAX_WORKERS) -> None:
        self.job_id = job_id
        self.report = progress
        self.max_workers = max_workers
        with session_scope() as session:
            job = session.get(Job, job_id)
            if job is None or job.project_id is None:
                raise RadloopError(f"PACS import job {job_id} has no project", status_code=404)
            self.project_id = job.project_id
            self.config = dict(job.config or {})
            self.connection: PacsConnection = service.require_connection(session, job.project_id)
        self.split = Split(self.config.get("split", Split.pool))
        self.groups = _groups(self.config)
        self.total_instances = sum(s.planned for g in self.groups for s in g.series)
        self.client: DICOMwebClient = open_client(self.connection, attempts=1)  # retries are ours (``_retrying``)
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.retrieved = 0  # instances written to disk in this attempt (all groups)
        self.retries = 0
        self.finished_instances = 0  # planned instances of the groups done with (imported, skipped or failed)
        self.inflight_instances = 0  # retrieved so far of the group being waited for
        self.done_groups = 0
        self.skipped_series = 0
        self.failed: list[ImportFailure] = []
        self._last_report = 0.0
        self.started = time.monotonic()

    # --- retries ---------------------------------------------------------------------------------------------------

    def _retrying(self, call: Callable[[], T]) -> T:
        """``call`` with up to MAX_ATTEMPTS tries on transient failures, exponential back-off in between."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if self.stop.is_set():
                raise _Stopped
            try:
                return call()
            except PACS_ERRORS as exc:
                if attempt == MAX_ATTEMPTS or not is_transient(exc):
                    raise
                with self._lock:
                    self.retries += 1
                delay = BACKOFF_S * 2 ** (attempt - 1)
                self.stop.wait(delay * (1 + random.random() / 4))  # noqa: S311 - jitter, not cryptography
        raise AssertionError("unreachable")

    # --- retrieval (thread pool) -----------------------------------------------------------------------------------

    def _retrieve_series(self, fetch: _Fetch, series: _Series, folder: Path) -> int:
        """Stream one series (WADO-RS, one request) to ``folder``, one file per instance; a transient failure
        starts the series again. Returns the number of instances."""

        def attempt() -> int:
            for old in folder.iterdir():  # what an interrupted attempt left
                old.unlink()
            count = 0
            try:
                for dataset in self.client.iter_series(series.study_uid, series.series_uid, media_types=AS_STORED):
                    if self.stop.is_set():
                        raise _Stopped
                    # Numbered names: a UID from the PACS never becomes a path.
                    dataset.save_as(folder / f"{count:06d}.dcm", enforce_file_format=True)
                    count += 1
                    with self._lock:
                        fetch.written += 1
                        self.retrieved += 1
            except BaseException:
                with self._lock:
                    fetch.written -= count
                    self.retrieved -= count
                raise
            return count

        return self._retrying(attempt)

    def _start(self, pool: ThreadPoolExecutor, group: _Group, root: Path) -> _Fetch:
        """Skip what the project has; queue the retrieval of the rest, one task per series."""
        with session_scope() as session:
            present = service.imported_series(session, self.project_id, (s.series_uid for s in group.series))
        todo = [s for s in group.series if s.series_uid not in present]
        skipped = [s for s in group.series if s.series_uid in present]
        self.skipped_series += len(skipped)
        fetch = _Fetch(group, root / f"patient-{group.index:05d}", todo)
        if not todo:
            return fetch
        if skipped:
            # The patient exists (a patient is imported whole): the importer would refuse the rest as a duplicate.
            raise _GroupFailed(
                f"{len(skipped)} of this patient's series are already in the project and {len(todo)} are not; "
                "Radloop imports a patient's series together, so the others were left out"
            )
        for number, series in enumerate(todo):
            folder = fetch.directory / f"series-{number:04d}"
            folder.mkdir(parents=True)
            fetch.futures[pool.submit(self._retrieve_series, fetch, series, folder)] = series
        return fetch

    def _classify(self, exc: BaseException) -> Exception:
        """A study or instance that vanished from the PACS fails its patient; anything else (credentials, a PACS
        still down after the retries) fails the job, which a retry resumes."""
        if status_of(exc) == HTTPStatus.NOT_FOUND:
            detail = failure(self.connection, exc).detail
            return _GroupFailed(f"the PACS no longer has some of its instances ({detail})")
        return failure(self.connection, exc)

    def _await(self, fetch: _Fetch) -> None:
        """Wait for the group's series, reporting progress; the first failure stops the group."""
        pending = set(fetch.futures)
        planned = sum(s.planned for s in fetch.todo)
        while pending:
            finished, pending = wait(pending, timeout=PROGRESS_EVERY_S, return_when=FIRST_COMPLETED)
            for future in finished:
                exc = future.exception()
                if exc is not None:
                    for other in pending:
                        other.cancel()
                    if isinstance(exc, PACS_ERRORS):
                        raise self._classify(exc) from None
                    raise exc
                series = fetch.futures[future]
                count = future.result()
                if count == 0:
                    raise _GroupFailed(f"the PACS returned no instances for series {series.series_uid}")
                fetch.instances[series.series_uid] = count
            self.inflight_instances = min(fetch.written, planned)
            self._progress("retrieving")

    # --- importing (this thread) -----------------------------------------------------------------------------------

    def _import(self, fetch: _Fetch, work: Path) -> None:
        """Convert the group's folder like an upload and commit the patient with its series references."""
        try:
            with (
                patient_importer.removing_blobs_on_failure() as written,
                session_scope() as session,
                tempfile.TemporaryDirectory(dir=work) as scratch,
            ):
                project = session.get(Project, self.project_id)
                assert project is not None
                plans = plan_import([fetch.directory], workdir=Path(scratch), verify=False)
                patients = patient_importer.import_patients(
                    session, project=project, plans=plans, split=self.split, written=written
                )
                self._record(session, fetch, plans, patients)
        except IntegrityError:
            # Another import committed one of these series first: they are in the project, which is the goal.
            log.info("pacs.import.raced job=%s group=%s", self.job_id, fetch.group.index)
            self.skipped_series += len(fetch.todo)
        except RadloopError as exc:
            raise _GroupFailed(exc.detail) from None

    def _record(self, session: Session, fetch: _Fetch, plans: list[PatientImport], patients: list[Patient]) -> None:
        labels: dict[str, uuid.UUID] = {}
        for plan, patient in zip(plans, patients, strict=True):
            for study in plan.studies:
                if study.label is not None and study.label.series_uid:
                    labels[study.label.series_uid] = patient.id
        volumes = {
            series_uid: (volume_id, patient_id)
            for volume_id, series_uid, patient_id in session.execute(
                select(Volume.id, Volume.series_uid, Study.patient_id)
                .join(Study, Study.id == Volume.study_id)
                .where(Study.patient_id.in_([p.id for p in patients]))
            )
        }
        for series in fetch.todo:
            if series.series_uid in volumes:
                volume_id, patient_id = volumes[series.series_uid]
                role: str = "image"
            elif series.series_uid in labels:
                volume_id, patient_id, role = None, labels[series.series_uid], "label"
            else:  # nothing the pipeline kept (it refuses what it cannot use, so this should not happen)
                volume_id, patient_id, role = None, patients[0].id, "unused"
            session.add(
                PacsImportedSeries(
                    project_id=self.project_id,
                    patient_id=patient_id,
                    volume_id=volume_id,
                    study_uid=series.study_uid,
                    series_uid=series.series_uid,
                    role=role,
                    instances=fetch.instances.get(series.series_uid, 0),
                    source_url=self.connection.base_url,
                    job_id=self.job_id,
                )
            )
        session.flush()

    # --- reporting -----------------------------------------------------------------------------------------------

    def _progress(self, stage: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_report < PROGRESS_EVERY_S:
            return
        self._last_report = now
        total = max(self.total_instances, 1)
        done = self.finished_instances + self.inflight_instances
        self.report(stage, **self.progress_values(), percent=round(min(100.0, 100.0 * done / total), 1))

    def progress_values(self) -> dict[str, Any]:
        return {
            "done_instances": min(self.finished_instances + self.inflight_instances, self.total_instances),
            "total_instances": self.total_instances,
            "done_patients": self.done_groups,
            "total_patients": len(self.groups),
            "retries": self.retries,
        }

    def result(self, session: Session) -> PacsImportResult:
        """What this job imported (over all its attempts), skipped and could not import (in this attempt)."""
        rows = session.execute(
            select(Patient.id, Patient.external_id, func.count(), func.sum(PacsImportedSeries.instances))
            .join(PacsImportedSeries, PacsImportedSeries.patient_id == Patient.id)
            .where(PacsImportedSeries.job_id == self.job_id)
            .group_by(Patient.id, Patient.external_id)
            .order_by(Patient.external_id)
        ).all()
        patients = [
            ImportedPatient(patient_id=pid, external_id=ext, series=int(n), instances=int(i or 0))
            for pid, ext, n, i in rows
        ]
        seconds = time.monotonic() - self.started
        return PacsImportResult(
            patients=patients,
            imported_series=sum(p.series for p in patients),
            imported_instances=sum(p.instances for p in patients),
            skipped_series=self.skipped_series,
            failed=self.failed,
            seconds=round(seconds, 3),
            instances_per_s=round(self.retrieved / seconds, 2) if seconds > 0 else 0.0,
        )

    def _save_result(self) -> PacsImportResult:
        with session_scope() as session:
            result = self.result(session)
            session.execute(update(Job).where(Job.id == self.job_id).values(result=result.model_dump(mode="json")))
        return result

    # --- the run ---------------------------------------------------------------------------------------------------

    def _finish_group(self, fetch: _Fetch, work: Path) -> None:
        try:
            if fetch.todo:
                self._await(fetch)
                self._progress("importing", force=True)
                self._import(fetch, work)
        except _GroupFailed as exc:
            # The reader's refusal quotes what it refused (PatientID, series description): kept in the job result,
            # which any lead reads without the audited identity route, so the real values are taken out first.
            self._fail_group(fetch.group, redact(str(exc), text_values_in_files(fetch.directory)))
        finally:
            shutil.rmtree(fetch.directory, ignore_errors=True)
        self._done_with(fetch.group)
        self._save_result()
        self._progress("retrieving", force=True)

    def _done_with(self, group: _Group) -> None:
        self.finished_instances += sum(s.planned for s in group.series)
        self.inflight_instances = 0
        self.done_groups += 1

    def _fail_group(self, group: _Group, detail: str) -> None:
        log.warning("pacs.import.patient_failed job=%s group=%s", self.job_id, group.index)
        self.failed.append(ImportFailure(study_uids=group.studies, detail=detail))

    def _begin(self, pool: ThreadPoolExecutor, index: int, root: Path) -> _Fetch | None:
        """Start retrieving group ``index`` (None past the end); a group that cannot start is recorded as failed."""
        while index < len(self.groups):
            group = self.groups[index]
            try:
                return self._start(pool, group, root)
            except _GroupFailed as exc:
                self._fail_group(group, str(exc))
                self._done_with(group)
                index += 1
        return None

    def run(self) -> Outcome:
        log.info(
            "pacs.import.start job=%s patients=%s instances=%s", self.job_id, len(self.groups), self.total_instances
        )
        self._progress("retrieving", force=True)
        with tempfile.TemporaryDirectory(prefix="radloop-pacs-") as tmp:
            root, work = Path(tmp) / "instances", Path(tmp) / "work"
            work.mkdir(parents=True)
            pool = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix=f"pacs-{self.job_id.hex[:8]}")
            try:
                current = self._begin(pool, 0, root)
                while current is not None:
                    # Queue the next patient's retrieval before converting this one: the pool keeps the PACS busy.
                    following = self._begin(pool, current.group.index + 1, root)
                    self._finish_group(current, work)
                    current = following
            finally:  # a cancel, a failure or a crash: the threads stop before their folder goes away
                self.stop.set()
                pool.shutdown(wait=True, cancel_futures=True)
        result = self._save_result()
        progress = {
            "stage": "done",
            **self.progress_values(),
            "done_instances": self.total_instances,
            "done_patients": len(self.groups),
            "percent": 100,
        }
        log.info(
            "pacs.import.done job=%s imported_series=%s skipped_series=%s failed=%s instances_per_s=%s",
            self.job_id,
            result.imported_series,
            result.skipped_series,
            len(result.failed),
            result.instances_per_s,
        )
        return Outcome(result=result, progress=progress)


class _Stopped(Exception):
    """The run is ending (cancelled or failed): retrieval threads stop between requests."""


def run_import(job_id: uuid.UUID, progress: Progress, *, max_workers: int = MAX_WORKERS) -> Outcome:
    """Carry out the import job ``job_id`` (already claimed by the caller); see the module docstring."""
    return ImportRun(job_id, progress, max_workers=max_workers).run()
