"""The source DICOM headers of an imported volume: read header-only, kept as one DICOM JSON blob.

Results written back to the PACS (a DICOM SEG) must reference the very instances and frames the volume came
from and copy their patient, study and geometry attributes, but the pixel data is already in the stored NIfTI.
So only headers are kept: read with ``stop_before_pixels`` and stripped of bulky elements (icons, overlays,
curves, large binary blobs such as vendor private headers), which keeps a 500-slice series at a few MB.
The importer stores ``save_headers`` of a volume's ``dicom_headers`` under storage and puts the key in
``Volume.extra["dicom_headers_key"]``; ``load_headers`` reads them back.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydicom import Dataset, dcmread
from pydicom.dataelem import DataElement
from pydicom.dataset import FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.tag import BaseTag
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from backend.core.errors import BadInput
from backend.storage import blobs

if TYPE_CHECKING:
    from backend.models import Volume

HEADERS_KEY = "dicom_headers_key"
# Binary values longer than this are dropped from kept headers (vendor blobs, embedded images); every
# attribute a SEG or a reader needs (UIDs, geometry, codes, text) is far shorter.
MAX_BINARY_BYTES = 1024
_BINARY_VRS = frozenset({"OB", "OW", "OD", "OF", "OL", "OV", "UN"})
_BULKY_KEYWORDS = ("IconImageSequence", "WaveformSequence", "PixelData", "FloatPixelData", "DoubleFloatPixelData")
_BULKY_GROUPS = (0x5000, 0x6000)  # curves (50xx) and overlays (60xx): repeating groups, both 0x..00-0x..1E


def _is_bulky(tag: BaseTag, elem: DataElement) -> bool:
    if (tag.group & 0xFF01) in _BULKY_GROUPS:
        return True
    if elem.VR in _BINARY_VRS:
        length = len(elem.value) if isinstance(elem.value, bytes | bytearray) else 0
        return length > MAX_BINARY_BYTES
    return False


def strip_bulk(ds: Dataset) -> Dataset:
    """Remove pixel data, icons, overlays, curves and large binary values in place (sequences included)."""
    for keyword in _BULKY_KEYWORDS:
        if keyword in ds:
            del ds[keyword]
    for tag in list(ds.keys()):
        elem = ds[tag]
        if elem.VR == "SQ":
            for item in elem.value or []:
                strip_bulk(item)
        elif _is_bulky(tag, elem):
            del ds[tag]
    return ds


def dcmread_lenient(path: Path, *, stop_before_pixels: bool = False) -> Dataset:
    """``dcmread``, also accepting a bare dataset without preamble and File Meta (older writers, ACR-NEMA style).

    Such a file is read in pydicom's guessing mode and kept only when it turns out to be a SOP instance; its
    transfer syntax (which only the missing File Meta would say) is set from the encoding pydicom detected, so
    its pixels decode like any other file's. Anything else re-raises the original "not DICOM" error.
    """
    try:
        return dcmread(path, stop_before_pixels=stop_before_pixels)
    except InvalidDicomError as original:
        try:
            ds = dcmread(path, stop_before_pixels=stop_before_pixels, force=True)
            found = "SOPClassUID" in ds and bool(ds.get("SOPClassUID"))
        except Exception:  # noqa: BLE001 - guessing-mode parse of arbitrary bytes: any failure means "not DICOM"
            found = False
        if not found:
            raise original from None
    meta = getattr(ds, "file_meta", None) or FileMetaDataset()
    if "TransferSyntaxUID" not in meta:
        implicit, little = ds.original_encoding
        meta.TransferSyntaxUID = (
            ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian if little else ExplicitVRBigEndian
        )
        ds.file_meta = meta
    return ds


def read_header_only(path: Path) -> Dataset:
    """The file's dataset without pixel data or bulky elements (file meta kept for its transfer syntax)."""
    return strip_bulk(dcmread_lenient(path, stop_before_pixels=True))


def _file_meta_json(ds: Dataset) -> dict[str, Any] | None:
    meta = getattr(ds, "file_meta", None)
    return meta.to_json_dict() if meta is not None and len(meta) else None


def save_headers(headers: Iterable[Dataset]) -> bytes:
    """Serialise headers as a gzipped DICOM JSON list (PS3.18 F.2), one object per dataset.

    The file meta (transfer syntax, implementation) is not part of DICOM JSON; it is kept beside each dataset
    under ``"_file_meta"`` so a header read back still says how its pixels were encoded.
    """
    items = []
    for ds in headers:
        item = strip_bulk(ds.copy()).to_json_dict(bulk_data_threshold=MAX_BINARY_BYTES)
        meta = _file_meta_json(ds)
        items.append({"dataset": item, "_file_meta": meta} if meta else {"dataset": item})
    return gzip.compress(json.dumps(items, separators=(",", ":")).encode(), mtime=0)


def headers_from_bytes(blob: bytes) -> list[Dataset]:
    """Inverse of ``save_headers``."""
    try:
        items = json.loads(gzip.decompress(blob))
    except (OSError, EOFError, ValueError) as exc:
        raise BadInput(f"The stored DICOM headers cannot be read ({exc}).") from exc
    out = []
    for item in items:
        ds = Dataset.from_json(item["dataset"])
        if item.get("_file_meta"):
            ds.file_meta = FileMetaDataset(Dataset.from_json(item["_file_meta"]))
        out.append(ds)
    return out


def load_headers(volume: Volume) -> list[Dataset]:
    """The header-only source datasets of a stored volume, in slice order; empty when it has none.

    A volume imported from NIfTI or 2D images (or before headers were kept) has no ``dicom_headers_key``: the
    caller decides whether that is an error (a SEG cannot be written for it).
    """
    key = (volume.extra or {}).get(HEADERS_KEY)
    if not key:
        return []
    return headers_from_bytes(blobs.read_bytes(str(key)))
