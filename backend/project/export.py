"""The ZIP exports of a project: its accepted masks with a manifest a spreadsheet can open safely, or a training
dataset in nnU-Net v2 or Medical Segmentation Decathlon layout (images, accepted labels, dataset.json)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.deid import pseudonym as deid_pseudonym
from backend.models import Annotation, Patient, Project, User, Volume
from backend.review import service as review_service
from backend.storage import blobs, nifti_io


def export_labels(session: Session, *, project: Project, user: User, target: Path, include_reads: bool = False) -> int:
    """A zip of the accepted mask of every annotated patient (``labels/<patient>.nii.gz``) plus a manifest CSV,
    written to ``target`` one mask at a time (an 18,000-mask project no longer builds the zip in memory); returns
    the number of masks.

    ``include_reads`` adds, for each accepted case that was reviewed, every reader's latest read
    (``reads/<patient>_read<n>.nii.gz``) and the consensus of a double-read case (``consensus/<patient>.nii.gz``),
    listed in ``reads.csv``: what an inter-reader study needs, with the accepted label beside them."""
    rows = session.execute(
        select(Annotation, Patient, User.username)
        .join(Patient, Patient.accepted_annotation_id == Annotation.id)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Patient.project_id == project.id)
        .order_by(Patient.external_id)
    ).all()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["patient", "split", "file", "version", "source", "author", "created_at", "sha256"])
    used: set[str] = set()
    reads_csv = io.StringIO()
    reads_writer = csv.writer(reads_csv)
    reads_writer.writerow(["patient", "kind", "read", "file", "version", "author", "created_at", "sha256"])
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for annotation, patient, username in rows:
            name = _entry_name(patient, used)
            archive.writestr(name, blobs.read_bytes(annotation.storage_key))
            if include_reads:
                _write_reads(session, archive, reads_writer, patient, name)
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
        if include_reads:
            archive.writestr("reads.csv", reads_csv.getvalue())
    audit.record(
        session,
        user_id=user.id,
        action="project.export",
        target_type="project",
        target_id=project.id,
        details={"patients": len(rows), "include_reads": include_reads},
    )
    return len(rows)


def _write_reads(session: Session, archive: zipfile.ZipFile, writer: Any, patient: Patient, label_entry: str) -> None:
    """The case's reads and consensus beside its accepted label (``label_entry`` names the stem they share)."""
    stem = label_entry.removeprefix("labels/").removesuffix(".nii.gz")
    reads = review_service.latest_reads(session, [patient.id]).get(patient.id, {})
    entries: list[tuple[str, str, Annotation]] = [
        ("read", f"reads/{stem}_read{number}.nii.gz", read) for number, read in sorted(reads.items())
    ]
    entries += [
        ("consensus", f"consensus/{stem}.nii.gz", c)
        for c in review_service.current_consensus(session, patient.id, reads)
    ]
    authors = review_service.usernames(session, [a.author_id for _, _, a in entries])
    for kind, name, annotation in entries:
        archive.writestr(name, blobs.read_bytes(annotation.storage_key))
        writer.writerow(
            [
                _csv_text(patient.external_id),
                kind,
                annotation.read_number or "",
                name,
                annotation.version,
                authors.get(annotation.author_id, "") if annotation.author_id else "",
                annotation.created_at.isoformat(),
                annotation.sha256,
            ]
        )


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


class ExportFormat(StrEnum):
    """``nifti``: the accepted masks with a manifest (above). ``nnunet``: an nnU-Net v2 raw dataset. ``msd``: a
    Medical Segmentation Decathlon task folder. The last two carry the images too (imagesTr / imagesTs)."""

    nifti = "nifti"
    nnunet = "nnunet"
    msd = "msd"


@dataclass(frozen=True)
class _Case:
    name: str
    image_key: str
    label_key: str | None  # the accepted annotation's mask; None: unlabelled (imagesTs)


def _case_name(project: Project, patient: Patient) -> str:
    """The case identifier in a training export: never a real PatientID. A de-identifying project's external ids
    already are what de-identification allows (the keyed pseudonym of a DICOM patient, the uploader's file name of
    a NIfTI one); a project that does not de-identify gets the keyed pseudonym here."""
    return patient.external_id if project.deidentify else deid_pseudonym(project, patient.external_id)


def _cases(session: Session, project: Project) -> list[_Case]:
    """Every patient with an image: accepted label -> training case, none -> test case (hidden reference labels
    are never exported). Ordered by case name; names that sanitise alike get the patient's uuid prefix."""
    rows = session.execute(
        select(Patient, Volume.storage_key, Annotation.storage_key)
        .join(Volume, Volume.id == Patient.primary_volume_id)
        .outerjoin(Annotation, Annotation.id == Patient.accepted_annotation_id)
        .where(Patient.project_id == project.id)
    ).all()
    named = sorted(((_safe_case(_case_name(project, p)), p, image, label) for p, image, label in rows), key=_first)
    used: set[str] = set()
    cases = []
    for stem, patient, image, label in named:
        if stem.lower() in used:
            stem = f"{stem}-{patient.id.hex[:8]}"
        used.add(stem.lower())
        cases.append(_Case(name=stem, image_key=image, label_key=label))
    return cases


def _first(item: tuple[str, Any, Any, Any]) -> str:
    return item[0]


def _safe_case(name: str) -> str:
    """Letters, digits, ``-`` and ``_`` only: nnU-Net splits ``{case}_{channel:04d}.nii.gz`` on names like these."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name).strip("-") or "case"


def _label_lut(project: Project) -> tuple[np.ndarray, dict[str, int], dict[str, int]]:
    """nnU-Net needs consecutive label values 0..N: the project's values are renumbered by rank (their order
    kept). Returns the lookup table, the exported values by name, and the project's values by name."""
    labels = sorted(project.labels, key=lambda item: int(item["value"]))
    lut = np.zeros(256, dtype=np.uint8)
    exported: dict[str, int] = {}
    original: dict[str, int] = {}
    for rank, item in enumerate(labels, start=1):
        lut[int(item["value"])] = rank
        exported[str(item["name"])] = rank
        original[str(item["name"])] = int(item["value"])
    return lut, exported, original


def _dataset_stem(project: Project) -> str:
    return "".join(c for c in project.name if c.isascii() and c.isalnum()) or "Radloop"


def export_dataset(
    session: Session, *, project: Project, user: User, fmt: ExportFormat, dataset_id: int, target: Path
) -> tuple[str, int, int]:
    """Write an nnU-Net v2 (``DatasetXXX_Name``) or MSD (``TaskXX_Name``) dataset zip to ``target``.

    Training cases are the patients with an accepted annotation (imagesTr/labelsTr), test cases the others
    (imagesTs). Masks are renumbered to consecutive values (``_label_lut``; dataset.json names them), images are
    the stored volumes as they are. Returns the zip's top folder and the training and test counts; audited.
    """
    lut, exported, original = _label_lut(project)
    identity = all(int(lut[value]) == value for value in original.values())
    cases = _cases(session, project)
    if fmt == ExportFormat.nnunet:
        folder = f"Dataset{dataset_id:03d}_{_dataset_stem(project)}"
    else:
        folder = f"Task{dataset_id:02d}_{_dataset_stem(project)}"
    channel = "_0000" if fmt == ExportFormat.nnunet else ""
    training = [c for c in cases if c.label_key is not None]
    test = [c for c in cases if c.label_key is None]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for case in cases:
            where = "imagesTr" if case.label_key is not None else "imagesTs"
            archive.write(blobs.path_of(case.image_key), f"{folder}/{where}/{case.name}{channel}.nii.gz")
            if case.label_key is None:
                continue
            entry = f"{folder}/labelsTr/{case.name}.nii.gz"
            if identity:
                archive.write(blobs.path_of(case.label_key), entry)
            else:
                mask, affine = nifti_io.load_array(blobs.read_bytes(case.label_key))
                archive.writestr(entry, nifti_io.encode(lut[np.asarray(mask, dtype=np.uint8)], affine))
        description = f"Radloop export of project {project.name!r}: accepted annotations only"
        if fmt == ExportFormat.nnunet:
            meta: dict[str, Any] = {
                "name": project.name,
                "description": description,
                "channel_names": {"0": project.modality},
                "labels": {"background": 0, **exported},
                "numTraining": len(training),
                "file_ending": ".nii.gz",
                "radloop_label_values": original,
            }
        else:
            meta = {
                "name": project.name,
                "description": description,
                "reference": "Radloop",
                "licence": "",
                "release": "",
                "tensorImageSize": "3D",
                "modality": {"0": project.modality},
                "labels": {"0": "background", **{str(v): k for k, v in exported.items()}},
                "numTraining": len(training),
                "numTest": len(test),
                "training": [
                    {"image": f"./imagesTr/{c.name}.nii.gz", "label": f"./labelsTr/{c.name}.nii.gz"} for c in training
                ],
                "test": [f"./imagesTs/{c.name}.nii.gz" for c in test],
                "radloop_label_values": original,
            }
        archive.writestr(f"{folder}/dataset.json", json.dumps(meta, indent=2))
    audit.record(
        session,
        user_id=user.id,
        action="project.export",
        target_type="project",
        target_id=project.id,
        details={"format": str(fmt), "training": len(training), "test": len(test)},
    )
    return folder, len(training), len(test)
