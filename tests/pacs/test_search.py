"""QIDO-RS search of a real Orthanc holding the TCIA brain-tumour studies and two hippocampus crops: every filter
of the search page, paging, a study's series, and the ``imported`` marks."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.conftest import login
from tests.pacs.conftest import HIPPOCROP, TCIA, Orthanc

# (PatientID, StudyDate, StudyDescription) of the six studies, from their DICOM headers.
STUDIES = {
    ("PGBM-001", date(1992, 4, 2), "FH-HEAD^Brain Protocols"),
    ("PGBM-001", date(1991, 11, 19), "FH-HEAD^Brain Protocols"),
    ("PGBM-003", date(1995, 3, 29), "Mr Rcbv Sequence-Fh"),
    ("PGBM-008", date(1993, 6, 10), "FH-HEAD^Brain Protocols"),
    ("PGBM-002", date(2020, 1, 19), "MR RCBV SEQUENCE"),
    ("PGBM-006", date(2020, 1, 21), "MR RCBV SEQUENCE"),
}


def test_search_by_patient_modality_date_and_description(
    client: TestClient, project: dict[str, str], orthanc: Orthanc
) -> None:
    orthanc.upload([TCIA, HIPPOCROP / "Study1", HIPPOCROP / "Study2"])
    lead = login(client, "lead")
    url = f"/api/projects/{project['project_id']}/pacs"
    assert client.put(url, json=orthanc.connection(), headers=lead).status_code == 200

    def search(**params: str | int) -> list[dict[str, object]]:
        response = client.get(f"{url}/studies", params=params, headers=lead)
        assert response.status_code == 200, response.text
        found: list[dict[str, object]] = response.json()
        return found

    everything = search()
    assert {(s["patient_id"], date.fromisoformat(str(s["study_date"])), s["description"]) for s in everything} == (
        STUDIES
    )
    by_uid = {s["study_uid"]: s for s in everything}
    pgbm8 = next(s for s in everything if s["patient_id"] == "PGBM-008")
    assert pgbm8["modalities"] == ["MR"] and pgbm8["series_count"] == 3 and pgbm8["instance_count"] == 66
    assert pgbm8["patient_name"] == "PGBM-008" and pgbm8["accession"] and pgbm8["imported"] is False
    crop = next(s for s in everything if s["patient_id"] == "PGBM-002")
    assert crop["patient_name"] == "Chrisjen^Avasarala" and crop["instance_count"] == 32

    assert {s["study_date"] for s in search(patient_id="PGBM-001")} == {"1992-04-02", "1991-11-19"}
    assert search(patient_id="PGBM-00") == []  # a PatientID matches exactly
    assert len(search(modality="MR")) == 6 and search(modality="CT") == []
    ranged = search(date_from="1992-01-01", date_to="1993-12-31")
    assert {s["patient_id"] for s in ranged} == {"PGBM-001", "PGBM-008"} and len(ranged) == 2
    assert {s["patient_id"] for s in search(date_from="2020-01-20")} == {"PGBM-006"}
    assert {s["patient_id"] for s in search(date_to="1991-12-31")} == {"PGBM-001"}
    # A description matches as a substring, whatever the case, spaces included.
    assert len(search(description="brain protocols")) == 3
    assert {s["patient_id"] for s in search(description="RCBV")} == {"PGBM-002", "PGBM-006", "PGBM-003"}
    assert (
        search(description="brain protocols", patient_id="PGBM-008", modality="MR")[0]["study_uid"]
        == (pgbm8["study_uid"])
    )
    accession = str(crop["accession"])
    assert [s["patient_id"] for s in search(accession=accession)] == ["PGBM-002"]

    # Paging: two pages of three are the six studies.
    pages = search(limit=3) + search(limit=3, offset=3)
    assert len(pages) == 6 and {s["study_uid"] for s in pages} == set(by_uid)

    bad = client.get(f"{url}/studies", params={"date_from": "2020-01-02", "date_to": "2020-01-01"}, headers=lead)
    assert bad.status_code == 400
    for params in ({"date_from": "1700000000"}, {"modality": "M R"}, {"limit": 0}, {"patient_id": "x\u0000"}):
        assert client.get(f"{url}/studies", params=params, headers=lead).status_code == 422, params

    # Real identifiers are for leads and admins only.
    reader = login(client, "radiologist")
    assert client.get(f"{url}/studies", headers=reader).status_code == 403
    assert client.get(f"{url}/studies", headers=login(client, "admin")).status_code == 200


def test_series_of_a_study_and_what_is_already_imported(
    client: TestClient, project: dict[str, str], orthanc: Orthanc
) -> None:
    orthanc.upload([TCIA / "PGBM-008"])
    lead = login(client, "lead")
    url = f"/api/projects/{project['project_id']}/pacs"
    assert client.put(url, json=orthanc.connection(), headers=lead).status_code == 200
    [study] = client.get(f"{url}/studies", headers=lead).json()
    series = client.get(f"{url}/studies/{study['study_uid']}/series", headers=lead).json()
    # Ordered by SeriesNumber (13, 5355, 36537).
    assert [(s["description"], s["modality"], s["number"], s["instance_count"], s["imported"]) for s in series] == [
        ("T1post", "MR", 13, 22, False),
        ("Mask_Tumor", "MR", 5355, 22, False),
        ("FLAIR_reg", "MR", 36537, 22, False),
    ]
    assert client.get(f"{url}/studies/1.2.3.4/series", headers=lead).status_code == 404
    assert client.get(f"{url}/studies/not-a-uid/series", headers=lead).status_code == 422

    # Upload the same study by hand: its image series count as imported, on the search page too.
    files = sorted((TCIA / "PGBM-008").rglob("*.dcm"))
    upload = client.post(
        f"/api/projects/{project['project_id']}/imports",
        files=[("files", (f"{f.parent.name}-{f.name}", f.read_bytes(), "application/dicom")) for f in files],
        headers=lead,
    )
    assert upload.status_code == 201, upload.text
    listed = client.get(f"{url}/studies/{study['study_uid']}/series", headers=lead).json()
    assert {s["description"]: s["imported"] for s in listed} == {"T1post": True, "FLAIR_reg": True, "Mask_Tumor": False}
    assert client.get(f"{url}/studies", headers=lead).json()[0]["imported"] is True
