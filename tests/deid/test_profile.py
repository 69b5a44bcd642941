"""``deidentify_dataset`` on a real MR slice whose every listed attribute carries a marker (PS3.15 basic profile,
Retain UIDs and Modified Dates options, pseudonymised patient)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pydicom
import pytest

from backend.deid import date_shift_days, deidentify_dataset, pseudonym
from backend.deid.profile import STANDARD_EDITION, action_table, shift_date, shift_datetime
from backend.models import Project
from tests.deid.marked_study import MARKER, MARKER_DATE, first_marked_dataset

PROJECT = Project(name="p", pseudonym_key="0f" * 32)


@pytest.fixture(scope="module")
def original() -> pydicom.Dataset:
    return first_marked_dataset()


@pytest.fixture(scope="module")
def result(original: pydicom.Dataset) -> pydicom.Dataset:
    return deidentify_dataset(original, PROJECT)


def _marked(ds: pydicom.Dataset) -> list[pydicom.DataElement]:
    return [e for e in ds.iterall() if MARKER in str(e.value) or MARKER_DATE in str(e.value)]


def test_the_table_comes_from_the_library_with_hundreds_of_rows() -> None:
    table = action_table()
    assert STANDARD_EDITION == "dicomfields_2026c"
    assert len(table) > 600
    assert table[0x00100010] == "Z" and table[0x0008103E] == "X" and table[0x0020000D] == "U"


def test_every_attribute_the_profile_lists_loses_its_marker(original: pydicom.Dataset, result: pydicom.Dataset) -> None:
    assert len(_marked(original)) > 300  # the input really is marked everywhere
    left = _marked(result)
    table = action_table()
    # What remains: code strings Table E.1-1 does not list (free text it does not list is emptied too).
    assert {e.keyword for e in left} == {"BodyPartExamined"}
    assert all(int(e.tag) not in table and e.VR == "CS" for e in left)
    assert result.Manufacturer == "" and result.PositionReferenceIndicator == ""
    assert result.file_meta.SourceApplicationEntityTitle == ""
    assert not any(e.tag.is_private for e in result.iterall())
    assert "RequestAttributesSequence" not in result and "SeriesDescription" not in result
    assert "StudyDescription" not in result and result.get("ProtocolName", "") != MARKER


def test_patient_becomes_the_pseudonym_everywhere(result: pydicom.Dataset) -> None:
    alias = pseudonym(PROJECT, MARKER)
    assert result.PatientID == alias and str(result.PatientName) == alias
    assert str(result.ReferencedImageSequence[0].PatientName) == alias
    assert result.PatientIdentityRemoved == "YES"
    assert result.LongitudinalTemporalInformationModified == "MODIFIED"
    assert [c.CodeValue for c in result.DeidentificationMethodCodeSequence] == ["113100", "113110", "113107"]


def test_uids_are_kept_for_writing_back_to_the_pacs(original: pydicom.Dataset, result: pydicom.Dataset) -> None:
    uids = {(e.tag, e.value) for e in original.iterall() if e.VR == "UI"}
    assert len(uids) >= 5
    assert uids <= {(e.tag, e.value) for e in result.iterall() if e.VR == "UI"}
    assert result.ReferencedImageSequence[0].ReferencedSOPInstanceUID == original.SOPInstanceUID
    assert result.file_meta.MediaStorageSOPInstanceUID == original.file_meta.MediaStorageSOPInstanceUID


def test_dates_move_by_the_patients_shift_and_birth_date_is_blanked(result: pydicom.Dataset) -> None:
    days = date_shift_days(PROJECT, MARKER)
    expected = (date(1945, 2, 3) + timedelta(days=days)).strftime("%Y%m%d")
    dates = [e for e in result.iterall() if e.VR == "DA" and e.keyword != "PatientBirthDate"]
    assert len(dates) > 20
    assert {str(e.value) for e in dates} == {expected}
    assert result.StudyDate == expected and result.ReferencedImageSequence[0].ContentDate == expected
    assert all(str(e.value).startswith(expected) for e in result.iterall() if e.VR == "DT")
    assert result.PatientBirthDate == ""


def test_the_input_is_not_changed_and_the_output_is_deterministic(original: pydicom.Dataset) -> None:
    before = copy.deepcopy(original)
    first = deidentify_dataset(original, PROJECT)
    assert original == before
    assert deidentify_dataset(original, PROJECT) == first
    assert deidentify_dataset(original, PROJECT, real_patient_id="other").PatientID == pseudonym(PROJECT, "other")


def test_date_helpers_refuse_what_they_cannot_shift() -> None:
    assert shift_date("20200301", -1) == "20200229"
    assert shift_date("2020", -1) == "" and shift_date("20201340", -1) == ""
    assert shift_datetime("20200301101112.5+0100", -1) == "20200229101112.5+0100"
    assert shift_datetime("202003", -1) == ""
