"""The lead's round and forecast settings of a project."""

from __future__ import annotations

from enum import Enum
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput, Conflict
from backend.models import Patient, PatientIdentity, Project, User
from backend.models.project import ConsensusMethod, DoubleReadRule, SelectionObjective
from backend.round import service as round_service

SELECTION_OBJECTIVES: tuple[str, ...] = tuple(SelectionObjective)


class _Keep(Enum):
    """An optional setting the caller did not send (None means "clear it" for nullable settings)."""

    KEEP = "keep"


KEEP: Final = _Keep.KEEP


def _has_deidentified_patients(session: Session, project: Project) -> bool:
    found = session.scalar(
        select(PatientIdentity.patient_id)
        .join(Patient, Patient.id == PatientIdentity.patient_id)
        .where(Patient.project_id == project.id)
        .limit(1)
    )
    return found is not None


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
    deidentify: bool | None = None,
    target_dice: float | None | _Keep = KEEP,
    stop_gain_per_100: float | None | _Keep = KEEP,
    review_required: bool | None = None,
    double_read_fraction: float | None = None,
    double_read_rule: str | None = None,
    consensus_method: str | None = None,
) -> Project:
    """Round and forecast settings; ``target_dice`` and ``stop_gain_per_100`` are cleared by None, kept by KEEP.
    Validated before anything changes (the CLI calls this too); audited with every setting's new value."""
    if selection_objective is not None and selection_objective not in SELECTION_OBJECTIVES:
        raise BadInput(f"selection_objective must be one of {', '.join(SELECTION_OBJECTIVES)}")
    if isinstance(target_dice, float | int) and not 0 < target_dice <= 1:
        raise BadInput("target_dice must be above 0 and at most 1")
    if isinstance(stop_gain_per_100, float | int) and not 0 <= stop_gain_per_100 <= 1:
        raise BadInput("stop_gain_per_100 must be between 0 and 1 (Dice per 100 currency units)")
    if deidentify is False and project.deidentify and _has_deidentified_patients(session, project):
        raise Conflict(
            "De-identification cannot be turned off: this project holds de-identified patients. Their pseudonyms "
            "and the real PatientIDs of later imports would name the same people twice, and readers would see real "
            "identities next to pseudonyms. Create another project for identified data."
        )
    reviewing = review_required if review_required is not None else project.review_required
    fraction = double_read_fraction if double_read_fraction is not None else project.double_read_fraction
    if fraction > 0 and not reviewing:
        raise BadInput(
            "Double reading needs review: a reviewer decides between the two reads (set review_required too)"
        )
    if double_read_rule is not None and double_read_rule not in set(DoubleReadRule):
        raise BadInput(f"double_read_rule must be one of {', '.join(DoubleReadRule)}")
    if consensus_method is not None and consensus_method not in set(ConsensusMethod):
        raise BadInput(f"consensus_method must be one of {', '.join(ConsensusMethod)}")
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
    if deidentify is not None:
        project.deidentify = deidentify
    if not isinstance(target_dice, _Keep):
        project.target_dice = target_dice
    if not isinstance(stop_gain_per_100, _Keep):
        project.stop_gain_per_100 = stop_gain_per_100
    if review_required is not None:
        project.review_required = review_required
    if double_read_fraction is not None:
        project.double_read_fraction = double_read_fraction
    if double_read_rule is not None:
        project.double_read_rule = double_read_rule
    if consensus_method is not None:
        project.consensus_method = consensus_method
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
            "deidentify": project.deidentify,
            "selection_objective": project.selection_objective,
            "target_dice": project.target_dice,
            "stop_gain_per_100": project.stop_gain_per_100,
            "review_required": project.review_required,
            "double_read_fraction": project.double_read_fraction,
            "double_read_rule": project.double_read_rule,
            "consensus_method": project.consensus_method,
        },
    )
    return project
