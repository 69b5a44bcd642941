"""The test PACS of tests/pacs (a real Orthanc, Postgres only), reused for the PACS side of the marker proof."""

from tests.pacs.conftest import database_url, orthanc, orthanc_server, project

__all__ = ["database_url", "orthanc", "orthanc_server", "project"]
