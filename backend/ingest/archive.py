"""Safe extraction of uploaded zip archives.

An upload is untrusted: a zip can name files outside the destination (``../x``, ``/etc/x``), contain symlinks
that later reads would follow, or expand to far more bytes than it weighs. Every entry is validated before a
single byte is written, extraction streams into a staging folder with a byte counter, and the staging folder
is renamed into place only when everything succeeded, so a refused archive leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.volume import error_text

_CHUNK = 1024 * 1024


def _safe_member_path(info: zipfile.ZipInfo, archive_name: str) -> PurePosixPath:
    """Return the entry's relative path, refusing absolute paths, drive letters and ``..`` components."""
    raw = info.filename.replace("\\", "/")
    if "\x00" in raw:
        raise BadInput(f"{archive_name}: entry {info.filename!r} has a NUL character in its name.")
    if raw.startswith("/") or (len(raw) >= 2 and raw[1] == ":"):
        raise BadInput(f"{archive_name}: entry {info.filename!r} has an absolute path; refusing the archive.")
    rel = PurePosixPath(raw)
    if any(part == ".." for part in rel.parts):
        raise BadInput(f"{archive_name}: entry {info.filename!r} points outside the archive ('..').")
    parts = [p for p in rel.parts if p not in ("", ".")]
    if not parts:
        raise BadInput(f"{archive_name}: entry {info.filename!r} has an empty name.")
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    """Unix zips keep the file mode in the high 16 bits of external_attr."""
    return stat.S_ISLNK(info.external_attr >> 16)


# Below this many declared bytes a high compression ratio is harmless (an all-zero mask series compresses 1000x).
RATIO_CHECK_FLOOR_BYTES = 64 * 1024**2


def _validate(
    zf: zipfile.ZipFile, archive_name: str, max_total_bytes: int, max_files: int, max_ratio: int | None = None
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Check every entry and the declared totals (from the central directory); return the file entries to extract."""
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    seen: set[str] = set()
    folders: set[str] = set()
    declared = 0
    compressed = 0
    for info in zf.infolist():
        rel = _safe_member_path(info, archive_name)
        if _is_symlink(info):
            raise BadInput(f"{archive_name}: entry {info.filename!r} is a symbolic link; refusing the archive.")
        if info.flag_bits & 0x1:
            raise BadInput(f"{archive_name}: entry {info.filename!r} is encrypted; upload an unencrypted zip.")
        if info.is_dir():
            continue
        key = rel.as_posix().lower()
        if key in seen:
            raise BadInput(f"{archive_name}: entry {info.filename!r} appears twice in the archive.")
        seen.add(key)
        folders.update(parent.as_posix().lower() for parent in rel.parents if parent.parts)
        members.append((info, rel))
        declared += info.file_size
        compressed += info.compress_size
        if len(members) > max_files:
            raise PayloadTooLarge(f"{archive_name} holds more than {max_files:,} files.")
        if declared > max_total_bytes:
            raise PayloadTooLarge(
                f"{archive_name} expands to more than {max_total_bytes:,} bytes (MAX_UNZIPPED_BYTES); refusing to "
                "extract it."
            )
    clash = sorted(seen & folders)
    if clash:
        raise BadInput(f"{archive_name}: {clash[0]!r} is both a file and a folder in the archive.")
    if max_ratio and declared > RATIO_CHECK_FLOOR_BYTES and declared > max_ratio * max(compressed, 1):
        raise PayloadTooLarge(
            f"{archive_name} expands {declared / max(compressed, 1):,.0f} times ({declared:,} bytes from "
            f"{compressed:,}); the limit (MAX_ZIP_RATIO) is {max_ratio}, so it looks like a zip bomb."
        )
    return members


def _copy_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, archive_name: str) -> int:
    """Stream one entry to disk, stopping as soon as it exceeds its declared size or the remaining budget."""
    written = 0
    limit = min(info.file_size, budget)
    with zf.open(info) as src, open(target, "xb") as dst:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise PayloadTooLarge(
                    f"{archive_name}: entry {info.filename!r} expands beyond its declared or allowed size."
                )
            dst.write(chunk)
    return written


def safe_extract_zip(
    zip_path: Path, dest_dir: Path, max_total_bytes: int, max_files: int, max_ratio: int | None = None
) -> list[Path]:
    """Extract ``zip_path`` into ``dest_dir`` (which must not exist or be empty) and return the file paths.

    Raises BadInput for unsafe or corrupt archives and PayloadTooLarge when the archive holds too many
    files, expands to more than ``max_total_bytes`` or more than ``max_ratio`` times its compressed size (declared
    sizes are checked first, from the central directory, real bytes while streaming).
    On any refusal nothing is left in ``dest_dir``.
    """
    zip_path, dest_dir = Path(zip_path), Path(dest_dir)
    archive_name = zip_path.name
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise ValueError(f"destination {dest_dir} is not empty")
    dest_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(
            f"{archive_name} is not a readable zip archive ({error_text(exc, zip_path, archive_name)})."
        ) from exc
    staging = Path(tempfile.mkdtemp(prefix=".unzip-", dir=dest_dir.parent))
    try:
        with zf:
            members = _validate(zf, archive_name, max_total_bytes, max_files, max_ratio)
            remaining = max_total_bytes
            for info, rel in members:
                target = staging.joinpath(*rel.parts)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    remaining -= _copy_limited(zf, info, target, remaining, archive_name)
                except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError, zlib.error) as exc:
                    raise BadInput(
                        f"{archive_name}: entry {info.filename!r} cannot be read "
                        f"({error_text(exc, staging, archive_name)})."
                    ) from exc
        if dest_dir.exists():
            dest_dir.rmdir()
        os.replace(staging, dest_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(dest_dir.joinpath(*rel.parts) for _, rel in members)
