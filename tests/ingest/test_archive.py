"""Zip extraction refuses path traversal, symlinks and bombs, and leaves nothing behind when it does."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from backend.core.errors import BadInput, PayloadTooLarge
from backend.ingest.archive import safe_extract_zip

MB = 1024 * 1024


def _zip(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


class TestSafeExtractZip:
    def test_extracts_nested_files_and_returns_their_paths(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "up.zip", {"a/one.txt": b"1", "a/b/two.txt": b"22", "three.txt": b"333"})
        dest = tmp_path / "out"
        files = safe_extract_zip(archive, dest, max_total_bytes=MB, max_files=10)
        assert files == sorted([dest / "a" / "one.txt", dest / "a" / "b" / "two.txt", dest / "three.txt"])
        assert (dest / "a" / "b" / "two.txt").read_bytes() == b"22"

    def test_parent_traversal_is_refused_and_nothing_written(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "evil.zip", {"ok.txt": b"fine", "../evil.txt": b"pwned"})
        work = tmp_path / "work"
        work.mkdir()
        dest = work / "out"
        with pytest.raises(BadInput, match=r"outside the archive"):
            safe_extract_zip(archive, dest, max_total_bytes=MB, max_files=10)
        assert not (work / "evil.txt").exists()
        assert not (tmp_path / "evil.txt").exists()
        assert list(work.iterdir()) == []  # no destination, no staging folder, not even ok.txt

    def test_absolute_path_entry_is_refused(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "abs.zip", {"/tmp/radloop-abs-evil.txt": b"x"})
        with zipfile.ZipFile(archive) as zf:
            assert zf.namelist() == ["/tmp/radloop-abs-evil.txt"]  # the entry really is absolute
        with pytest.raises(BadInput, match="absolute path"):
            safe_extract_zip(archive, tmp_path / "out", max_total_bytes=MB, max_files=10)
        assert not (tmp_path / "out").exists()

    def test_windows_drive_path_is_refused(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "drive.zip", {"C:/Windows/evil.txt": b"x"})
        with pytest.raises(BadInput, match="absolute path"):
            safe_extract_zip(archive, tmp_path / "out", max_total_bytes=MB, max_files=10)

    def test_symlink_entry_is_refused(self, tmp_path: Path) -> None:
        archive = tmp_path / "link.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            info = zipfile.ZipInfo("passwd")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
        with pytest.raises(BadInput, match="symbolic link"):
            safe_extract_zip(archive, tmp_path / "out", max_total_bytes=MB, max_files=10)
        assert not (tmp_path / "out").exists()

    def test_declared_size_over_limit_is_refused_before_writing(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "bomb.zip", {"small.txt": b"x", "zeros.bin": b"\0" * (8 * MB)})
        assert archive.stat().st_size < 100_000  # compresses ~1000:1
        dest = tmp_path / "out"
        with pytest.raises(PayloadTooLarge, match="expands to more than"):
            safe_extract_zip(archive, dest, max_total_bytes=MB, max_files=10)
        assert not dest.exists()
        assert _all_files(tmp_path) == [archive]

    def test_entry_lying_about_its_size_is_refused(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "liar.zip", {"zeros.bin": b"\0" * (4 * MB)})
        blob = bytearray(archive.read_bytes())
        # Declare 10 bytes in the central directory (offset 24) and the local header (offset 22).
        central = blob.index(b"PK\x01\x02")
        struct.pack_into("<I", blob, central + 24, 10)
        struct.pack_into("<I", blob, 22, 10)
        archive.write_bytes(bytes(blob))
        dest = tmp_path / "out"
        with pytest.raises((BadInput, PayloadTooLarge)):
            safe_extract_zip(archive, dest, max_total_bytes=MB, max_files=10)
        assert not dest.exists()
        assert _all_files(tmp_path) == [archive]

    def test_too_many_files_is_refused(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(11)})
        with pytest.raises(PayloadTooLarge, match="more than 10 files"):
            safe_extract_zip(archive, tmp_path / "out", max_total_bytes=MB, max_files=10)

    def test_duplicate_entries_are_refused(self, tmp_path: Path) -> None:
        archive = tmp_path / "dup.zip"
        with zipfile.ZipFile(archive, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("a.txt", b"1")
            zf.writestr("a.txt", b"2")
        with pytest.raises(BadInput, match="appears twice"):
            safe_extract_zip(archive, tmp_path / "out", max_total_bytes=MB, max_files=10)

    def test_file_that_is_not_a_zip_is_refused(self, tmp_path: Path) -> None:
        fake = tmp_path / "scan.zip"
        fake.write_bytes(b"definitely not a zip")
        with pytest.raises(BadInput, match="scan.zip is not a readable zip archive"):
            safe_extract_zip(fake, tmp_path / "out", max_total_bytes=MB, max_files=10)

    def test_non_empty_destination_is_a_programming_error(self, tmp_path: Path) -> None:
        archive = _zip(tmp_path / "up.zip", {"a.txt": b"1"})
        dest = tmp_path / "out"
        dest.mkdir()
        (dest / "existing").write_text("keep me")
        with pytest.raises(ValueError, match="not empty"):
            safe_extract_zip(archive, dest, max_total_bytes=MB, max_files=10)
        assert (dest / "existing").read_text() == "keep me"
