"""Who may review a project's masks: its leads, admins, and the radiologists its lead marked as reviewers.

A reviewer never decides on a case they read themselves: review is a second pair of eyes, so the author of a read
of the case is refused (a lead who read a case asks another reviewer).

Reads are blind (issue 17, item 2): until a case's mask is accepted, a read, and a consensus made from reads, is
shown only to its author and, once every read is in, to the project's reviewers. While a case waits for its second
read nobody else sees the first, reviewers included (any of them could be its second reader). ``visible`` is the
one rule; every route that lists or serves annotation versions applies it.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import Forbidden
from backend.models import Annotation, CaseReview, Project, ProjectMember, User
from backend.models.review import ReviewStatus
from backend.models.user import Role
from backend.project import access as project_access


def may_review(session: Session, project_id: uuid.UUID, user: User) -> bool:
    if user.role == Role.admin:
        return True
    member = session.scalar(
        select(ProjectMember).where(ProjectMember.project_id == project_id, ProjectMember.user_id == user.id)
    )
    return member is not None and (user.role == Role.lead or member.is_reviewer)


def reviewable_project_ids(session: Session, user: User) -> list[uuid.UUID]:
    """The projects whose review queue the caller works."""
    if user.role == Role.admin:
        return list(session.scalars(select(Project.id)))
    query = select(ProjectMember.project_id).where(ProjectMember.user_id == user.id)
    if user.role != Role.lead:
        query = query.where(ProjectMember.is_reviewer)
    return list(session.scalars(query))


def get_for_reviewer(session: Session, project_id: uuid.UUID, user: User) -> Project:
    project = project_access.get_for_user(session, project_id, user)
    if not may_review(session, project_id, user):
        raise Forbidden("You do not review this project's masks: its lead marks reviewers on the members page")
    return project


def readers_of(session: Session, review: CaseReview) -> set[uuid.UUID]:
    """Everyone who wrote a read of the case (either read, any version)."""
    authors = session.scalars(
        select(Annotation.author_id).where(
            Annotation.patient_id == review.patient_id, Annotation.read_number.is_not(None)
        )
    )
    return {author for author in authors if author is not None} | {review.first_reader_id}


def check_not_own_read(session: Session, review: CaseReview, user: User) -> None:
    if user.id in readers_of(session, review):
        raise Forbidden("You read this case yourself: another reviewer decides on it")


def visible(
    session: Session,
    annotation: Annotation,
    review: CaseReview | None,
    project_id: uuid.UUID,
    user: User,
    *,
    reviewer: bool | None = None,
) -> bool:
    """Whether ``user`` may see this version of a case (``review``: the case's review row, looked up by the caller;
    ``reviewer``: whether ``user`` reviews the project, when the caller already knows)."""
    blind = annotation.read_number is not None or annotation.source == "consensus"
    if not blind or review is None or review.status == ReviewStatus.accepted:
        return True
    if annotation.author_id is not None and annotation.author_id == user.id:
        return True
    if review.status == ReviewStatus.second_read:
        return False
    return may_review(session, project_id, user) if reviewer is None else reviewer
