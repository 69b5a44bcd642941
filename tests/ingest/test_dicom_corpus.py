"""pydicom's own test corpus (installed with pydicom, no download), every file through the import planner alone.

Each image file must import: a volume whose voxels decode and are finite, with an invertible affine, storable as
NIfTI, with its header kept. The SEG files import as labels once their image series is in the upload (their
source CT is not in the corpus, so it is rebuilt here from the references and geometry the SEG carries). Every
other file is refused with a 4xx naming what it is; none raises anything else. The damaged images (pydicom keeps
them to test its error paths: a truncated file, a JPEG stream with misplaced markers, a J2K stream with bytes
overwritten, an invalid NumberOfFrames, a dataset one byte off its start) are refused as damaged.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
import pytest
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian

from backend.core.errors import RadloopError
from backend.ingest.plan import ImportLimits, plan_import
from backend.ingest.volume import to_nifti
from tests.ingest.conftest import label_of

CORPUS = Path(pydicom.__file__).parent / "data" / "test_files"

IMAGES = """
693_J2KI.dcm CT_small.dcm ExplVR_BigEnd.dcm GDCMJ2K_TextGBR.dcm J2K_pixelrep_mismatch.dcm JPEG2000.dcm
JPEGLSNearLossless_08.dcm JPEGLSNearLossless_16.dcm JPGExtended.dcm MR_small.dcm MR_small_RLE.dcm
MR_small_bigendian.dcm MR_small_expb.dcm MR_small_implicit.dcm MR_small_jp2klossless.dcm
MR_small_jpeg_ls_lossless.dcm MR_small_padded.dcm SC_jpeg_no_color_transform.dcm SC_jpeg_no_color_transform_2.dcm
SC_rgb_dcmtk_+eb+cr.dcm SC_rgb_dcmtk_+eb+cy+n1.dcm SC_rgb_dcmtk_+eb+cy+n2.dcm SC_rgb_dcmtk_+eb+cy+np.dcm
SC_rgb_dcmtk_+eb+cy+s2.dcm SC_rgb_dcmtk_+eb+cy+s4.dcm SC_rgb_gdcm_KY.dcm SC_rgb_jls_lossy_line.dcm
SC_rgb_jls_lossy_sample.dcm SC_rgb_jpeg.dcm SC_rgb_jpeg_app14_dcmd.dcm SC_rgb_jpeg_dcmd.dcm SC_rgb_jpeg_dcmtk.dcm
SC_rgb_jpeg_gdcm.dcm SC_rgb_jpeg_lossy_gdcm.dcm SC_rgb_rle.dcm SC_rgb_rle_16bit.dcm SC_rgb_rle_16bit_2frame.dcm
SC_rgb_rle_2frame.dcm SC_rgb_rle_32bit.dcm SC_rgb_rle_32bit_2frame.dcm SC_rgb_small_odd.dcm
SC_rgb_small_odd_big_endian.dcm SC_rgb_small_odd_jpeg.dcm SC_ybr_full_422_uncompressed.dcm examples_jpeg2k.dcm
examples_overlay.dcm examples_palette.dcm examples_rgb_color.dcm examples_ybr_color.dcm image_dfl.dcm rtdose.dcm
rtdose_1frame.dcm rtdose_expb.dcm rtdose_expb_1frame.dcm rtdose_rle.dcm rtdose_rle_1frame.dcm
""".split()

SEGS = ["liver_1frame.dcm", "liver_expb_1frame.dcm"]

# File → a fragment of the 4xx message it must get.
REFUSED = {
    # not images
    "ExplVR_BigEndNoMeta.dcm": "RT Ion Plan Storage object (modality RTPLAN), which holds no image",
    "ExplVR_LitEndNoMeta.dcm": "RT Ion Plan Storage object (modality RTPLAN), which holds no image",
    "reportsi.dcm": "Basic Text SR Storage object (modality SR), which holds no image",
    "reportsi_with_empty_number_tags.dcm": "Basic Text SR Storage object (modality SR), which holds no image",
    "test-SR.dcm": "Comprehensive SR Storage object (modality SR), which holds no image",
    "rtplan.dcm": "RT Plan Storage object (modality RTPLAN), which holds no image",
    "rtplan_truncated.dcm": "RT Plan Storage object (modality RTPLAN), which holds no image",
    "rtstruct.dcm": "RT Structure Set Storage object (modality RTSTRUCT), which holds no image",
    "waveform_ecg.dcm": "12-lead ECG Waveform Storage object (modality ECG), which holds no image",
    "UN_sequence.dcm": "DICOM dataset without a SOP class, which holds no image",
    "empty_charset_LEI.dcm": "DICOM dataset without a SOP class, which holds no image",
    "meta_missing_tsyntax.dcm": "DICOM dataset without a SOP class, which holds no image",
    "nested_priv_SQ.dcm": "DICOM dataset without a SOP class, which holds no image",
    "no_meta_group_length.dcm": "DICOM dataset without a SOP class, which holds no image",
    "priv_SQ.dcm": "DICOM dataset without a SOP class, which holds no image",
    # damaged images
    "MR_truncated.dcm": "its pixel data cannot be decoded (The number of bytes of pixel data is less than expected",
    "JPEG-lossy.dcm": "its pixel data cannot be decoded",
    "JPEG2000-embedded-sequence-delimiter.dcm": "its pixel data cannot be decoded",
    "badVR.dcm": "NumberOfFrames is '1A'; the file is damaged",
    "no_meta.dcm": "is not a DICOM file",
    # SEGs uploaded without their image series
    "liver_1frame.dcm": "(DICOM SEG 'Liver Segmentation') labels image series 1.2.392.200103",
    "liver_expb_1frame.dcm": "(DICOM SEG 'Liver Segmentation') labels image series 1.2.392.200103",
    # not DICOM at all
    "README.txt": "unrecognised file type",
    "crayons.icc": "unrecognised file type",
    "rtplan.dump": "unrecognised file type",
    "rtstruct.dump": "unrecognised file type",
    "test1.json": "unrecognised file type",
    "test_PN.json": "unrecognised file type",
    "zipMR.gz": "unrecognised file type",
}


def test_the_corpus_is_the_one_classified_here() -> None:
    present = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
    assert len(present) == 85
    assert sorted([*IMAGES, *REFUSED]) == present


@pytest.mark.parametrize("name", IMAGES)
def test_image_file_imports_and_stores_as_nifti(name: str, tmp_path: Path) -> None:
    (patient,) = plan_import([CORPUS / name], workdir=tmp_path, limits=ImportLimits())
    (study,) = patient.studies
    (image,) = study.images
    assert study.label is None
    data = image.data
    assert data.shape == image.shape and len(image.shape) == 3
    assert data.dtype.kind in "iuf"
    assert np.all(np.isfinite(data))
    assert np.all(np.isfinite(image.affine)) and abs(np.linalg.det(image.affine[:3, :3])) > 1e-9
    assert all(s > 0 for s in image.spacing)
    nifti = to_nifti(image)
    back = nib.Nifti1Image.from_bytes(nifti.to_bytes())
    assert back.shape == image.shape
    np.testing.assert_array_equal(np.asanyarray(back.dataobj), np.asanyarray(nifti.dataobj))
    headers = image.dicom_headers
    assert headers and all("PixelData" not in h for h in headers)
    assert image.source_frames is not None and len(image.source_frames) == image.shape[2]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_other_file_is_refused_with_a_4xx_naming_it(name: str, tmp_path: Path) -> None:
    with pytest.raises(RadloopError) as caught:
        plan_import([CORPUS / name], workdir=tmp_path, limits=ImportLimits())
    assert 400 <= caught.value.status_code < 500
    assert name in caught.value.detail
    assert REFUSED[name] in caught.value.detail


def _source_series(seg: pydicom.Dataset, folder: Path) -> list[Path]:
    """The CT slices a corpus SEG references, rebuilt from what the SEG says about them.

    The SEG names its source series and instances and gives its frame's position, orientation and pixel size;
    the referenced frame's slice gets that position, the other instances follow along the normal at the SEG's
    slice spacing. Pixels are a ramp (their values do not matter to a label).
    """
    shared = seg.SharedFunctionalGroupsSequence[0]
    frame = seg.PerFrameFunctionalGroupsSequence[0]
    measures = shared.PixelMeasuresSequence[0]
    iop = [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient]
    ipp = np.array([float(v) for v in frame.PlanePositionSequence[0].ImagePositionPatient])
    normal = np.cross(iop[:3], iop[3:])
    referenced = frame.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
    (series,) = seg.ReferencedSeriesSequence
    uids = [item.ReferencedSOPInstanceUID for item in series.ReferencedInstanceSequence]
    paths = []
    for offset, uid in enumerate([referenced, *[u for u in uids if u != referenced]]):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = uid
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(f"{uid}.dcm", {}, file_meta=meta, preamble=b"\x00" * 128)
        ds.SOPClassUID, ds.SOPInstanceUID, ds.Modality = CTImageStorage, uid, "CT"
        ds.PatientID, ds.StudyInstanceUID = seg.PatientID, seg.StudyInstanceUID
        ds.SeriesInstanceUID, ds.SeriesNumber, ds.SeriesDescription = series.SeriesInstanceUID, 2, "source CT"
        ds.FrameOfReferenceUID = seg.FrameOfReferenceUID
        ds.ImageOrientationPatient = iop
        ds.ImagePositionPatient = [float(v) for v in ipp - offset * float(measures.SpacingBetweenSlices) * normal]
        ds.PixelSpacing = list(measures.PixelSpacing)
        ds.Rows, ds.Columns = seg.Rows, seg.Columns
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.PixelData = np.arange(seg.Rows * seg.Columns, dtype=np.int16).tobytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ds.save_as(folder / f"ct{offset}.dcm", enforce_file_format=True)
        paths.append(folder / f"ct{offset}.dcm")
    return paths


@pytest.mark.parametrize("name", SEGS)
def test_seg_imports_as_the_label_of_its_image_series(name: str, tmp_path: Path) -> None:
    seg = pydicom.dcmread(CORPUS / name)
    (tmp_path / "ct").mkdir()
    sources = _source_series(seg, tmp_path / "ct")
    (patient,) = plan_import([*sources, CORPUS / name], workdir=tmp_path / "work", limits=ImportLimits())
    (study,) = patient.studies
    label = label_of(study)
    image = study.images[0]
    assert image.description == "source CT" and label.description == "Liver Segmentation"
    assert label.shape == image.shape == (seg.Columns, seg.Rows, 3)
    data = label.data
    assert set(np.unique(data).tolist()) == {0, 1}
    # The SEG's one frame lands on the slice of the instance it references, the others stay empty.
    referenced = seg.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0].SourceImageSequence[0]
    k = [f.sop_instance_uid for f in image.source_frames or []].index(referenced.ReferencedSOPInstanceUID)
    expected = np.asarray(seg.pixel_array, dtype=np.uint8).reshape(seg.Rows, seg.Columns).T
    assert np.array_equal(data[:, :, k], expected) and int(expected.sum()) > 1000
    assert int(data.sum()) == int(expected.sum())
