"""How each project label is coded in a DICOM SEG: the lead's choice, else a default from the label's name.

A SEG segment needs a segmented property category and type (DICOM CID 7150 / 7151...). Viewers (OHIF, 3D Slicer)
colour and group segments by them, so a meaningful default beats a blank one: common names map to their SNOMED CT
concepts (the meanings are pydicom's own code dictionary, not retyped), anything else is "Tissue"/"Tissue", the
default 3D Slicer uses. A lead overrides both per label (``LabelDef.category`` / ``.type``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from backend.project.schemas import CodedConceptDef, LabelDef

DEFAULT_CATEGORY: Code = codes.SCT.Tissue
DEFAULT_TYPE: Code = codes.SCT.Tissue

_ABNORMAL: Code = codes.SCT.MorphologicallyAbnormalStructure
_ANATOMY: Code = codes.SCT.AnatomicalStructure

# Words in a label's name -> (category, type). The first word of the name found here decides.
_BY_WORD: dict[str, tuple[Code, Code]] = {
    "tumour": (_ABNORMAL, codes.SCT.Neoplasm),
    "tumor": (_ABNORMAL, codes.SCT.Neoplasm),
    "neoplasm": (_ABNORMAL, codes.SCT.Neoplasm),
    "lesion": (_ABNORMAL, codes.SCT.Lesion),
    "oedema": (_ABNORMAL, codes.SCT.Edema),
    "edema": (_ABNORMAL, codes.SCT.Edema),
    "necrosis": (_ABNORMAL, codes.SCT.Necrosis),
    "hippocampus": (_ANATOMY, codes.SCT.Hippocampus),
    "liver": (_ANATOMY, codes.SCT.Liver),
}


@dataclass(frozen=True)
class SegmentCoding:
    """The codes one label is written with; ``default`` says they were not chosen by a lead."""

    value: int
    name: str
    category: Code
    type: Code
    default: bool


def to_code(concept: CodedConceptDef) -> Code:
    return Code(value=concept.code, scheme_designator=str(concept.scheme), meaning=concept.meaning)


def to_concept(code: Code) -> CodedConceptDef:
    return CodedConceptDef.model_validate(
        {"scheme": code.scheme_designator, "code": code.value, "meaning": code.meaning}
    )


def default_codes(name: str) -> tuple[Code, Code]:
    for word in re.findall(r"[a-z]+", name.lower()):
        if word in _BY_WORD:
            return _BY_WORD[word]
    return DEFAULT_CATEGORY, DEFAULT_TYPE


def coding_of(label: LabelDef) -> SegmentCoding:
    category, kind = default_codes(label.name)
    return SegmentCoding(
        value=label.value,
        name=label.name,
        category=to_code(label.category) if label.category else category,
        type=to_code(label.type) if label.type else kind,
        default=label.category is None and label.type is None,
    )


def project_codings(labels: list[dict[str, Any]]) -> list[SegmentCoding]:
    """Every label of a project (its stored JSON) with the codes a SEG writes for it, by label value."""
    return sorted((coding_of(LabelDef.model_validate(item)) for item in labels), key=lambda c: c.value)
