"""A project's label definitions: stored as JSON on the project, returned by the API as ``LabelDef``s."""

from __future__ import annotations

from backend.models import Project
from backend.project.schemas import LabelDef


def label_defs(project: Project) -> list[LabelDef]:
    """The stored labels as the API types them (they were validated as ``LabelDef``s when the project was made)."""
    return [LabelDef.model_validate(label) for label in project.labels]
