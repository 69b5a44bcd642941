"""Turn an upload (files, folders, zips; optional label files) into per-patient imports.

This is the one entry point the import service needs. It decides what each file is by content or extension,
loads every volume, pairs labels with images and checks that they overlay, and raises a ``BadInput`` naming
the offending file before anything is stored, so an import is all-or-nothing.

Pairing rules:
- DICOM: a mask series (description contains mask/seg/label, or modality SEG) is the label of its study's
  primary image, the image series with the lowest SeriesNumber; it must lie on the same grid. A DICOM SEG
  object names the series it was drawn on: that series becomes the study's primary image and the SEG its label.
- NIfTI / 2D: a label is matched to the image with the same file name (``x.nii.gz`` ↔ ``x.nii.gz``; a
  ``_seg``/``_label``/``_mask`` suffix on the label is tolerated). Labels are the files given as
  ``label_paths`` or any file under a labels folder of the upload (MSD ``imagesTr/x`` + ``labelsTr/x``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from backend.core.config import get_settings
from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.archive import safe_extract_zip
from backend.ingest.dicom import is_dicom_file, load_dicom_files
from backend.ingest.image2d import MAX_PIXELS, is_image2d_name, load_image2d
from backend.ingest.nifti import is_nifti_name, load_nifti
from backend.ingest.volume import (
    MAX_VOXELS,
    LoadedVolume,
    PatientImport,
    StudyImport,
    check_label_fits,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_UNZIPPED_BYTES = 4 * 1024**3
DEFAULT_MAX_FILES = 20_000

# Folder names (case-insensitive) whose NIfTI/2D files are labels: MSD, nnU-Net and common 2D layouts.
LABEL_DIR_NAMES = frozenset({"labelstr", "labelsts", "labels", "label", "masks", "mask", "segmentations", "segs"})
DICOM_SUFFIXES = (".dcm", ".dicom", ".ima")
# Harmless files that travel inside folders and zips (dataset descriptions, OS metadata); skipped there,
# refused when uploaded on their own.
_SIDECAR_SUFFIXES = (".json", ".csv", ".tsv", ".txt", ".md")
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "dicomdir"})
_LABEL_SUFFIX = re.compile(r"([_-](seg|segmentation|label|labels|mask|gt))$", re.IGNORECASE)


@dataclass
class _Item:
    """One file of the upload with the name shown to users (never a server path)."""

    path: Path
    display: str
    as_label: bool


@dataclass
class _Sorted:
    dicom: list[_Item] = field(default_factory=list)
    files: list[_Item] = field(default_factory=list)  # NIfTI and 2D images, labels included


def _is_zip_name(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def _is_junk(rel: PurePosixPath) -> bool:
    """OS metadata and dataset sidecars that are skipped inside folders and archives."""
    name = rel.name.lower()
    return (
        any(part.startswith(".") or part == "__MACOSX" for part in rel.parts)
        or name in _JUNK_NAMES
        or name.endswith(_SIDECAR_SUFFIXES)
    )


def _in_label_dir(display: str) -> bool:
    parents = PurePosixPath(display).parts[:-1]
    return any(part.lower() in LABEL_DIR_NAMES for part in parents)


class _Expander:
    """Flattens files, folders and zips into ``_Item``s, extracting zips under ``workdir``."""

    def __init__(self, workdir: Path, limits: ImportLimits) -> None:
        self.workdir = workdir
        self.max_unzipped_bytes = limits.max_unzipped_bytes
        self.max_files = limits.max_files
        self.max_zip_ratio = limits.max_zip_ratio
        self.items: list[_Item] = []
        self._zip_count = 0

    def add(self, path: Path, as_label: bool) -> None:
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = PurePosixPath(path.name, *child.relative_to(path).parts)
                self._add_contained(child, rel, as_label)
        elif _is_zip_name(path):
            self._add_zip(path, path.name, as_label)
        elif path.is_file():
            self.items.append(_Item(path, path.name, as_label))
        else:
            raise BadInput(f"{path.name} was not received (missing file).")
        if len(self.items) > self.max_files:
            raise PayloadTooLarge(f"The upload holds more than {self.max_files:,} files (MAX_UPLOAD_FILES).")

    def _add_zip(self, path: Path, display: str, as_label: bool) -> None:
        self._zip_count += 1
        dest = self.workdir / f"unzipped-{self._zip_count}"
        files = safe_extract_zip(path, dest, self.max_unzipped_bytes, self.max_files, self.max_zip_ratio)
        for child in files:
            rel = PurePosixPath(display, *child.relative_to(dest).parts)
            self._add_contained(child, rel, as_label)

    def _add_contained(self, path: Path, rel: PurePosixPath, as_label: bool) -> None:
        if _is_junk(PurePosixPath(*rel.parts[1:]) if len(rel.parts) > 1 else rel):
            logger.info("ingest.plan.skipped", extra={"file": rel.as_posix()})
            return
        if _is_zip_name(path):
            raise BadInput(f"{rel.as_posix()}: archives inside archives or folders are not supported.")
        self.items.append(_Item(path, rel.as_posix(), as_label or _in_label_dir(rel.as_posix())))


def _sort_items(items: Sequence[_Item]) -> _Sorted:
    """Dispatch by extension (NIfTI, 2D images) or content (the DICOM preamble)."""
    out = _Sorted()
    for item in items:
        if item.path.stat().st_size == 0:
            raise BadInput(f"{item.display} is empty (0 bytes).")
        if is_nifti_name(item.path) or is_image2d_name(item.path):
            out.files.append(item)
        elif is_dicom_file(item.path) or item.path.suffix.lower() in DICOM_SUFFIXES:
            out.dicom.append(item)
        else:
            raise BadInput(
                f"{item.display}: unrecognised file type; expected DICOM files, NIfTI (.nii, .nii.gz), "
                "PNG/JPEG/TIFF images or a .zip of them."
            )
    return out


def _load_file(item: _Item, max_voxels: int) -> LoadedVolume:
    if is_nifti_name(item.path):
        return load_nifti(item.path, as_label=item.as_label, name=item.display, max_voxels=max_voxels, lazy=True)
    return load_image2d(
        item.path, as_label=item.as_label, name=item.display, max_pixels=min(MAX_PIXELS, max_voxels), lazy=True
    )


def _dicom_studies(
    items: Sequence[_Item], max_voxels: int, label_names: Mapping[str, int] | None = None
) -> list[StudyImport]:
    """Load DICOM series and assemble one study per (patient, study UID), mask series as the label."""
    if not items:
        return []
    names = {item.path: item.display for item in items}
    volumes = load_dicom_files(
        [i.path for i in items],
        name=lambda p: names.get(p, p.name),
        max_voxels=max_voxels,
        lazy=True,
        label_names=label_names,
    )
    by_study: dict[tuple[str, str | None], list[LoadedVolume]] = {}
    for vol in volumes:  # already ordered by patient, study, SeriesNumber
        by_study.setdefault((vol.patient_key, vol.study_uid), []).append(vol)
    studies = []
    for (patient, _), vols in by_study.items():
        images = [v for v in vols if not v.is_label]
        masks = [v for v in vols if v.is_label]
        where = f"patient {patient}, study '{vols[0].study_description or vols[0].study_uid}'"
        if not images:
            raise BadInput(f"{where}: mask series '{masks[0].description}' was uploaded without its image series.")
        if len(masks) > 1:
            raise BadInput(
                f"{where} has {len(masks)} mask series ({', '.join(m.description for m in masks)}); "
                "upload one mask series per study."
            )
        label = masks[0] if masks else None
        if label is not None and label.label_of:
            # The SEG names the series it was drawn on: that one is the primary image it labels.
            images.sort(key=lambda v: v.series_uid != label.label_of)
        if label is not None:
            check_label_fits(images[0], label, f"series '{label.description}'", f"series '{images[0].description}'")
        studies.append(
            StudyImport(
                study_uid=images[0].study_uid,
                description=images[0].study_description or images[0].description,
                images=images,
                label=label,
            )
        )
    return studies


def _label_key_candidates(stem: str) -> list[str]:
    stripped = _LABEL_SUFFIX.sub("", stem)
    return [stem] if stripped == stem else [stem, stripped]


def _file_studies(items: Sequence[_Item], max_voxels: int) -> list[StudyImport]:
    """One study per NIfTI/2D image; labels attached by file name."""
    images: list[tuple[_Item, StudyImport]] = []
    by_stem: dict[str, list[tuple[_Item, StudyImport]]] = {}
    labels: list[tuple[_Item, LoadedVolume]] = []
    for item in items:
        vol = _load_file(item, max_voxels)
        if item.as_label:
            labels.append((item, vol))
            continue
        entry = (item, StudyImport(study_uid=None, description=vol.description, images=[vol]))
        images.append(entry)
        by_stem.setdefault(vol.patient_key, []).append(entry)
    for item, label in labels:
        matches: list[tuple[_Item, StudyImport]] = []
        for key in _label_key_candidates(label.patient_key):
            matches = by_stem.get(key, [])
            if matches:
                break
        if not matches:
            raise BadInput(
                f"Label {item.display} matches no image of the upload; a label must have the same file name "
                "as its image (e.g. imagesTr/case_01.nii.gz and labelsTr/case_01.nii.gz)."
            )
        if len(matches) > 1:
            raise BadInput(
                f"Label {item.display} matches several images ({', '.join(m[0].display for m in matches)}); "
                "give the images distinct file names."
            )
        image_item, study = matches[0]
        if study.label is not None:
            raise BadInput(f"Image {image_item.display} was given two labels; keep only one.")
        check_label_fits(study.images[0], label, item.display, image_item.display)
        study.label = label
    return [study for _, study in images]


@dataclass(frozen=True)
class ImportLimits:
    """What one upload may hold; ``from_settings`` reads the deployment's values (named in every refusal)."""

    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
    max_files: int = DEFAULT_MAX_FILES
    max_voxels_per_volume: int = MAX_VOXELS
    max_voxels_per_upload: int = 4 * MAX_VOXELS
    max_zip_ratio: int | None = None

    @classmethod
    def from_settings(cls) -> ImportLimits:
        settings = get_settings()
        return cls(
            max_unzipped_bytes=settings.max_unzipped_bytes,
            max_files=settings.max_upload_files,
            max_voxels_per_volume=settings.max_voxels_per_volume,
            max_voxels_per_upload=settings.max_voxels_per_upload,
            max_zip_ratio=settings.max_zip_ratio,
        )


def _check_upload_voxels(studies: Sequence[StudyImport], limit: int) -> None:
    """Refuse an upload whose volumes add up to more voxels than allowed, before a voxel is decoded."""
    total = sum(v.voxels for study in studies for v in [*study.images, *([study.label] if study.label else [])])
    if total > limit:
        raise PayloadTooLarge(
            f"The upload holds {total:,} voxels in all; the limit (MAX_VOXELS_PER_UPLOAD) is {limit:,}. "
            "Import it in several parts."
        )


def plan_import(
    paths: Sequence[Path],
    label_paths: Sequence[Path] = (),
    *,
    workdir: Path,
    limits: ImportLimits | None = None,
    verify: bool = True,
    label_names: Mapping[str, int] | None = None,
) -> list[PatientImport]:
    """Read an upload and return its patients (sorted by external id) with their studies and labels.

    ``paths`` may be files, folders or .zip archives (extracted under ``workdir``, which the caller owns and
    deletes). ``label_paths`` are NIfTI/2D label files (or zips/folders of them) matched to images by name.
    The volumes returned are lazy (``LoadedVolume``): whoever stores them decodes one at a time. With ``verify``
    every volume is also decoded once here (one at a time, released at once), so damaged data is refused before
    anything is stored; the importer, which deletes what it stored when a later volume fails, passes False and
    decodes each volume only once. ``label_names`` (the project's label name → value) maps the segments of a
    DICOM SEG by name; without it (or when a segment matches no name) segment numbers are the values. Raises
    BadInput (400) naming the offending file, PayloadTooLarge (413) for
    archives or volumes over ``limits`` (default: the settings).
    """
    limits = limits or ImportLimits.from_settings()
    if not paths:
        raise BadInput("The upload is empty: add DICOM files, NIfTI volumes, images or a .zip.")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    expander = _Expander(workdir, limits)
    for p in paths:
        expander.add(p, as_label=False)
    for p in label_paths:
        expander.add(p, as_label=True)
    if not expander.items:
        raise BadInput("The upload contains no image files (only folders, hidden files or descriptions).")
    sorted_items = _sort_items(expander.items)
    if not any(not i.as_label for i in sorted_items.files) and not sorted_items.dicom:
        raise BadInput("The upload contains labels but no images.")
    max_voxels = limits.max_voxels_per_volume
    studies = _dicom_studies(sorted_items.dicom, max_voxels, label_names) + _file_studies(
        sorted_items.files, max_voxels
    )
    _check_upload_voxels(studies, limits.max_voxels_per_upload)
    if verify:
        for study in studies:
            for volume in [*study.images, *([study.label] if study.label else [])]:
                volume.data  # noqa: B018 - decoded and checked now, then dropped
                volume.release()
    patients: dict[str, PatientImport] = {}
    for study in studies:
        key = study.images[0].patient_key
        patients.setdefault(key, PatientImport(external_id=key)).studies.append(study)
    return [patients[k] for k in sorted(patients)]
