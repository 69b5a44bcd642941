"""A consensus of a double-read case's reads, proposed to its reviewer as the starting point (issue 17, item 4).

SimpleITK combines the label maps: multi-label STAPLE (each reader's performance estimated, the most probable label
per voxel) or label voting (the label most readers gave). With two reads both keep what the readers agree on and
leave their disagreements background: a voxel where they differ is undecided, and it is the reviewer's to settle.
For the worker's review job; the API image has no SimpleITK.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

UNDECIDED = 0
METHODS = ("staple", "majority")


def combine(reads: Sequence[np.ndarray], method: str) -> np.ndarray:
    """The reads' consensus by ``method`` (one of METHODS: the project's ``consensus_method``)."""
    if method not in METHODS:
        raise ValueError(f"unknown consensus method {method!r}")
    if len(reads) < 2:
        raise ValueError("a consensus needs at least two reads")
    shape = reads[0].shape
    if any(read.shape != shape for read in reads):
        raise ValueError("reads of different shapes")
    images = [sitk.GetImageFromArray(np.ascontiguousarray(read, dtype=np.uint8)) for read in reads]
    if method == "staple":
        staple = sitk.MultiLabelSTAPLEImageFilter()
        staple.SetLabelForUndecidedPixels(UNDECIDED)
        combined = staple.Execute(images)
    else:
        combined = sitk.LabelVoting(images, UNDECIDED)
    return np.asarray(sitk.GetArrayFromImage(combined), dtype=np.uint8).reshape(shape)
