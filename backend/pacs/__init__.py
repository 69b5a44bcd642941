"""A project's PACS over DICOMweb: the connection (secret kept encrypted), QIDO-RS search and WADO-RS imports.

The PACS stays the system of record: an import converts each series through the same pipeline as an upload and
keeps references (Study/Series/SOP Instance UIDs, per-slice headers) from which the originals can be fetched again.
"""
