from __future__ import annotations

import csv
import io
import uuid
import zipfile
from enum import Enum
from typing import Any, Final, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.budget import service as budget_service
from backend.core.errors import BadInput, Conflict, Forbidden, NotFound
from backend.models import Annotation, LedgerEntry, Patient, Project, ProjectMember, Score, User
from backend.models.patient import PatientStatus, Split
from backend.models.user import Role
from backend.project.schemas import (
    BurnPoint,
    LedgerEntryRead,
    LedgerRead,
    MemberAssignment,
    MemberRead,
    ProjectCounts,
    ProjectRead,
    SelectionObjective,
    from_cents,
)
from backend.round import service as round_service
from backend.storage import blobs

SELECTION_OBJECTIVES: tuple[str, ...] = get_args(SelectionObjective)


class _Keep(Enum):
    """An optional setting the caller did not send (None means "clear it" for nullable settings)."""

    KEEP = "keep"


KEEP: Final = _Keep.KEEP


def is_member(session: Session, project_id: uuid.UUID, user: User) -> bool:
    if user.role == Role.admin:
        return True
    return (
        session.scalar(
            select(ProjectMember.id).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user.id)
        )
        is not None
    )


def get_for_user(session: Session, project_id: uuid.UUID, user: User) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} not found")
    if not is_member(session, project_id, user):
        raise Forbidden("You are not a member of this project")
    return project


def list_for_user(session: Session, user: User) -> list[Project]:
    query = select(Project).order_by(Project.created_at)
    if user.role != Role.admin:
        query = query.join(ProjectMember, ProjectMember.project_id == Project.id).where(
            ProjectMember.user_id == user.id
        )
    return list(session.scalars(query))


def get_by_name(session: Session, name: str) -> Project | None:
    return session.scalar(select(Project).where(Project.name == name))


def create(
    session: Session,
    *,
    name: str,
    modality: str,
    labels: list[dict[str, Any]],
    cost_per_patient_cents: int,
    budget_total_cents: int,
    strategy: str = "entropy",
    batch_size: int = 2,
    created_by: User | None = None,
    cost_mode: str = budget_service.FLAT,
    cost_per_slice_cents: int = 0,
    auto_publish: bool = True,
    cost_per_hour_cents: int = 0,
) -> Project:
    if get_by_name(session, name) is not None:
        raise Conflict(f"A project named {name!r} already exists")
    project = Project(
        name=name,
        modality=modality,
        labels=labels,
        cost_per_patient_cents=cost_per_patient_cents,
        cost_mode=_check_cost(cost_mode, cost_per_slice_cents, cost_per_hour_cents),
        cost_per_slice_cents=cost_per_slice_cents,
        cost_per_hour_cents=cost_per_hour_cents,
        auto_publish=auto_publish,
        budget_total_cents=0,
        budget_spent_cents=0,
        strategy=round_service.check_strategy(strategy),
        batch_size=batch_size,
    )
    session.add(project)
    session.flush()
    budget_service.set_total(
        session, project=project, total_cents=budget_total_cents, user_id=created_by.id if created_by else None
    )
    if created_by is not None:
        if created_by.role != Role.admin:
            session.add(ProjectMember(project_id=project.id, user_id=created_by.id))
        audit.record(
            session,
            user_id=created_by.id,
            action="project.create",
            target_type="project",
            target_id=project.id,
            details={
                "name": name,
                "total_cents": budget_total_cents,
                **_cost_details(project),
                "auto_publish": auto_publish,
            },
        )
        session.flush()
    return project


def add_member(session: Session, *, project: Project, user: User) -> None:
    if not is_member(session, project.id, user) or user.role == Role.admin:
        exists = session.scalar(
            select(ProjectMember.id).where(ProjectMember.project_id == project.id, ProjectMember.user_id == user.id)
        )
        if exists is None:
            session.add(ProjectMember(project_id=project.id, user_id=user.id))
            session.flush()


def _check_cost(cost_mode: str, cost_per_slice_cents: int, cost_per_hour_cents: int = 0) -> str:
    """Services are called by the CLI and the demo too, so the API schema's checks are repeated here."""
    if cost_mode not in budget_service.COST_MODES:
        raise BadInput(f"cost_mode must be one of {', '.join(budget_service.COST_MODES)}")
    if cost_per_slice_cents < 0:
        raise BadInput("cost_per_slice cannot be negative")
    if cost_per_hour_cents < 0:
        raise BadInput("cost_per_hour cannot be negative")
    return cost_mode


def _cost_details(project: Project) -> dict[str, Any]:
    """How a patient is priced, for the audit log."""
    return {
        "cost_cents": project.cost_per_patient_cents,
        "cost_mode": project.cost_mode,
        "cost_per_slice_cents": project.cost_per_slice_cents,
        "cost_per_hour_cents": project.cost_per_hour_cents,
    }


def update_budget(
    session: Session,
    *,
    project: Project,
    user: User,
    cost_per_patient_cents: int | None,
    total_cents: int | None,
    cost_mode: str | None = None,
    cost_per_slice_cents: int | None = None,
    cost_per_hour_cents: int | None = None,
) -> Project:
    """Change how patients are priced and/or the total; validated before anything changes, audited with both."""
    _check_cost(cost_mode or project.cost_mode, cost_per_slice_cents or 0, cost_per_hour_cents or 0)
    before = {**_cost_details(project), "total": project.budget_total_cents}
    if cost_per_patient_cents is not None:
        project.cost_per_patient_cents = cost_per_patient_cents
    if cost_mode is not None:
        project.cost_mode = cost_mode
    if cost_per_slice_cents is not None:
        project.cost_per_slice_cents = cost_per_slice_cents
    if cost_per_hour_cents is not None:
        project.cost_per_hour_cents = cost_per_hour_cents
    if total_cents is not None:
        # The total it replaced, not the one read before: a concurrent change may have come in between.
        before["total"] = total_cents - budget_service.set_total(
            session, project=project, total_cents=total_cents, user_id=user.id
        )
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.budget.update",
        target_type="project",
        target_id=project.id,
        details={"before": before, "after": {**_cost_details(project), "total": project.budget_total_cents}},
    )
    return project


def update_settings(
    session: Session,
    *,
    project: Project,
    user: User,
    strategy: str | None,
    batch_size: int | None,
    auto_publish: bool | None = None,
    genesis_enabled: bool | None = None,
    selection_objective: str | None = None,
    target_dice: float | None | _Keep = KEEP,
    stop_gain_per_100: float | None | _Keep = KEEP,
) -> Project:
    """Round and forecast settings; ``target_dice`` and ``stop_gain_per_100`` are cleared by None, kept by KEEP.
    Validated before anything changes (the CLI calls this too); audited with every setting's new value."""
    if selection_objective is not None and selection_objective not in SELECTION_OBJECTIVES:
        raise BadInput(f"selection_objective must be one of {', '.join(SELECTION_OBJECTIVES)}")
    if isinstance(target_dice, float | int) and not 0 < target_dice <= 1:
        raise BadInput("target_dice must be above 0 and at most 1")
    if isinstance(stop_gain_per_100, float | int) and not 0 <= stop_gain_per_100 <= 1:
        raise BadInput("stop_gain_per_100 must be between 0 and 1 (Dice per 100 currency units)")
    if strategy is not None:
        project.strategy = round_service.check_strategy(strategy)
    if batch_size is not None:
        project.batch_size = batch_size
    if auto_publish is not None:
        project.auto_publish = auto_publish
    if genesis_enabled is not None:
        project.genesis_enabled = genesis_enabled
    if selection_objective is not None:
        project.selection_objective = selection_objective
    if not isinstance(target_dice, _Keep):
        project.target_dice = target_dice
    if not isinstance(stop_gain_per_100, _Keep):
        project.stop_gain_per_100 = stop_gain_per_100
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.settings.update",
        target_type="project",
        target_id=project.id,
        details={
            "strategy": project.strategy,
            "batch_size": project.batch_size,
            "auto_publish": project.auto_publish,
            "genesis_enabled": project.genesis_enabled,
            "selection_objective": project.selection_objective,
            "target_dice": project.target_dice,
            "stop_gain_per_100": project.stop_gain_per_100,
        },
    )
    return project


def counts(session: Session, project: Project) -> ProjectCounts:
    rows = session.execute(
        select(Patient.split, Patient.status, func.count())
        .where(Patient.project_id == project.id)
        .group_by(Patient.split, Patient.status)
    ).all()
    total = sum(n for _, _, n in rows)
    validation = sum(n for split, _, n in rows if split == Split.validation)
    annotated = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.annotated)
    unlabeled = sum(n for split, status, n in rows if split == Split.pool and status == PatientStatus.unlabeled)
    queued = 0
    current = round_service.open_round(session, project.id)
    if current is not None:
        queued = (
            session.scalar(
                select(func.count())
                .select_from(Score)
                .join(Patient, Patient.id == Score.patient_id)
                .where(Score.round_id == current.id, Score.selected, Patient.status == PatientStatus.unlabeled)
            )
            or 0
        )
    return ProjectCounts(patients=total, annotated=annotated, unlabeled=unlabeled, validation=validation, queued=queued)


def to_read(session: Session, project: Project) -> ProjectRead:
    active = round_service.active_round(session, project.id)
    return ProjectRead(
        id=project.id,
        name=project.name,
        modality=project.modality,
        labels=project.labels,  # type: ignore[arg-type]
        cost_per_patient=from_cents(project.cost_per_patient_cents),
        cost_mode=project.cost_mode,
        cost_per_slice=from_cents(project.cost_per_slice_cents),
        cost_per_hour=from_cents(project.cost_per_hour_cents),
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        strategy=project.strategy,
        batch_size=project.batch_size,
        auto_publish=project.auto_publish,
        genesis_enabled=project.genesis_enabled,
        selection_objective=project.selection_objective,
        target_dice=project.target_dice,
        stop_gain_per_100=project.stop_gain_per_100,
        counts=counts(session, project),
        active_round=round_service.to_read(session, active) if active is not None else None,
    )


# --- ledger ------------------------------------------------------------------------------------------------------


def ledger(session: Session, project: Project) -> LedgerRead:
    """Every debit and credit, oldest first, with running totals; ``balanced`` checks them against the project."""
    rows = session.execute(
        select(LedgerEntry, User.username, Patient.external_id)
        .outerjoin(User, User.id == LedgerEntry.user_id)
        .outerjoin(Patient, Patient.id == LedgerEntry.patient_id)
        .where(LedgerEntry.project_id == project.id)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)
    ).all()
    total = spent = credits = debits = 0
    entries: list[LedgerEntryRead] = []
    burn: list[BurnPoint] = []
    for entry, username, external_id in rows:
        if entry.kind == "budget_change":
            total += entry.amount_cents
        else:
            spent -= entry.amount_cents
        if entry.amount_cents >= 0:
            credits += entry.amount_cents
        else:
            debits += entry.amount_cents
        entries.append(
            LedgerEntryRead(
                id=entry.id,
                created_at=entry.created_at,
                kind=entry.kind,
                amount=from_cents(entry.amount_cents),
                reason=entry.reason,
                user=username,
                patient=external_id,
                total_after=from_cents(total),
                spent_after=from_cents(spent),
                remaining_after=from_cents(total - spent),
            )
        )
        burn.append(
            BurnPoint(
                at=entry.created_at,
                total=from_cents(total),
                spent=from_cents(spent),
                remaining=from_cents(total - spent),
            )
        )
    balanced = total == project.budget_total_cents and spent == project.budget_spent_cents
    return LedgerRead(
        budget_total=from_cents(project.budget_total_cents),
        budget_spent=from_cents(project.budget_spent_cents),
        budget_remaining=from_cents(budget_service.remaining_cents(project)),
        credits=from_cents(credits),
        debits=from_cents(debits),
        balanced=balanced,
        entries=entries,
        burn_down=burn,
    )


# --- members and quotas ------------------------------------------------------------------------------------------


def _annotated_by(session: Session, project_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Patients each reader has annotated (any version) in the project."""
    rows = session.execute(
        select(Annotation.author_id, func.count(func.distinct(Annotation.patient_id)))
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project_id, Annotation.source == "human", Annotation.author_id.is_not(None))
        .group_by(Annotation.author_id)
    ).all()
    return {author: count for author, count in rows if author is not None}


def members(session: Session, project: Project) -> list[MemberRead]:
    done = _annotated_by(session, project.id)
    rows = session.execute(
        select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id)
        .order_by(User.username)
    ).all()
    return [
        MemberRead(
            user_id=user.id,
            username=user.username,
            role=user.role,
            quota=member.quota,
            annotated=done.get(user.id, 0),
        )
        for member, user in rows
    ]


def set_members(session: Session, *, project: Project, user: User, assignments: list[MemberAssignment]) -> None:
    """Replace the project's readers and their quotas. The caller stays a member (a lead cannot lock themself out)."""
    wanted = {a.user_id: a.quota for a in assignments}
    if len(wanted) != len(assignments):
        raise BadInput("Each user may appear only once")
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(wanted))))}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise BadInput(f"Unknown users: {', '.join(missing)}")
    admins = [u.username for u in found.values() if u.role == Role.admin]
    if admins:
        raise BadInput(f"Admins see every project and are not assigned: {', '.join(admins)}")
    inactive = [u.username for u in found.values() if not u.is_active]
    if inactive:
        raise BadInput(f"Deactivated users cannot be assigned: {', '.join(inactive)}")
    if user.role != Role.admin and user.id not in wanted:
        raise BadInput("You cannot remove yourself from the project")
    current = {
        m.user_id: m for m in session.scalars(select(ProjectMember).where(ProjectMember.project_id == project.id))
    }
    for user_id, member in current.items():
        if user_id not in wanted:
            session.delete(member)
    for user_id, quota in wanted.items():
        if user_id in current:
            current[user_id].quota = quota
        else:
            session.add(ProjectMember(project_id=project.id, user_id=user_id, quota=quota))
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="project.members.update",
        target_type="project",
        target_id=project.id,
        details={"members": {found[i].username: q for i, q in wanted.items()}},
    )


def quota_left(session: Session, project_id: uuid.UUID, user: User) -> int | None:
    """How many more patients ``user`` may annotate in the project under their quota (None: no quota)."""
    quota = session.scalar(
        select(ProjectMember.quota).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user.id)
    )
    if quota is None:
        return None
    return max(0, quota - _annotated_by(session, project_id).get(user.id, 0))


# --- export ------------------------------------------------------------------------------------------------------


def export_labels(session: Session, *, project: Project, user: User) -> tuple[bytes, int]:
    """A zip of the accepted mask of every annotated patient (``labels/<patient>.nii.gz``) plus a manifest CSV."""
    rows = session.execute(
        select(Annotation, Patient, User.username)
        .join(Patient, Patient.accepted_annotation_id == Annotation.id)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Patient.project_id == project.id)
        .order_by(Patient.external_id)
    ).all()
    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["patient", "split", "file", "version", "source", "author", "created_at", "sha256"])
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for annotation, patient, username in rows:
            name = _entry_name(patient, used)
            archive.writestr(name, blobs.read_bytes(annotation.storage_key))
            writer.writerow(
                [
                    _csv_text(patient.external_id),
                    patient.split,
                    name,
                    annotation.version,
                    annotation.source,
                    username or "",
                    annotation.created_at.isoformat(),
                    annotation.sha256,
                ]
            )
        labels = "".join(f"{label['value']},{label['name']},{label['color']}\n" for label in project.labels)
        archive.writestr("labels.csv", "value,name,color\n" + labels)
        archive.writestr("manifest.csv", manifest.getvalue())
    audit.record(
        session,
        user_id=user.id,
        action="project.export",
        target_type="project",
        target_id=project.id,
        details={"patients": len(rows)},
    )
    return buffer.getvalue(), len(rows)


def _entry_name(patient: Patient, used: set[str]) -> str:
    """``labels/<patient>.nii.gz``; ids that sanitise alike (``a/b`` and ``a_b``, or differ only in case, which
    Windows and macOS unzip into one file) get the patient's uuid prefix, so no export entry overwrites another."""
    stem = _safe_name(patient.external_id)
    if stem.lower() in used:
        stem = f"{stem}-{patient.id.hex[:8]}"
    used.add(stem.lower())
    return f"labels/{stem}.nii.gz"


def _csv_text(value: str) -> str:
    """A name taken from a file, made inert for spreadsheets: a leading ``= + - @`` (or tab/CR) would run as a
    formula when the manifest is opened, so it is quoted with an apostrophe (the OWASP CSV-injection rule)."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _safe_name(external_id: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in external_id).strip(".")
    return cleaned or "patient"
