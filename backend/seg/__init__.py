"""Results out (issue 14): DICOM SEG of accepted annotations, delivered by download or STOW-RS to the PACS."""
