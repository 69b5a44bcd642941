"""Upload ingestion: DICOM series, NIfTI volumes, 2D images and zips → volumes ready to store as NIfTI.

Pure functions (no database, no HTTP): the import service calls ``plan_import`` and stores ``to_nifti`` of
each volume.
"""

from backend.ingest.plan import plan_import
from backend.ingest.volume import LoadedVolume, PatientImport, StudyImport, to_nifti

__all__ = ["LoadedVolume", "PatientImport", "StudyImport", "plan_import", "to_nifti"]
