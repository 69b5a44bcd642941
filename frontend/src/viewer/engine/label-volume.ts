/**
 * Label volumes in millilitres: voxels of each value in the drawing × the volume of one voxel. Counting a whole
 * 512×512×300 drawing takes tens of milliseconds, too slow for every mouse move, so while a stroke is painted only
 * the slice it paints is recounted: total = (total before the stroke) − (that slice before) + (that slice now).
 * After each committed edit the engine recounts everything, so a figure never drifts.
 */

/** Voxel counts per label value (index = value, 0..255). */
export type LabelCounts = Uint32Array

export function countLabels(bitmap: ArrayLike<number>): LabelCounts {
  const counts = new Uint32Array(256)
  for (let i = 0; i < bitmap.length; i++) counts[bitmap[i] & 255]++
  return counts
}

/** Counts of one slice of an x-fastest volume of shape `dims`; `axis` is the one held at `index`. */
export function countSlice(
  bitmap: ArrayLike<number>,
  dims: readonly [number, number, number],
  axis: 0 | 1 | 2,
  index: number,
): LabelCounts {
  const [nx, ny, nz] = dims
  const counts = new Uint32Array(256)
  if (index < 0 || index >= dims[axis]) return counts
  const plane = nx * ny
  if (axis === 2) {
    const start = index * plane
    for (let i = start; i < start + plane; i++) counts[bitmap[i] & 255]++
  } else if (axis === 1) {
    for (let z = 0; z < nz; z++) {
      const start = z * plane + index * nx
      for (let i = start; i < start + nx; i++) counts[bitmap[i] & 255]++
    }
  } else {
    for (let i = index; i < bitmap.length; i += nx) counts[bitmap[i] & 255]++
  }
  return counts
}

/** Millilitres of `voxels` voxels of `voxelMm3` cubic millimetres each. */
export function millilitres(voxels: number, voxelMm3: number): number {
  return (voxels * voxelMm3) / 1000
}

/** The volume of one voxel from its edge lengths in mm. */
export function voxelVolumeMm3(spacing: readonly number[]): number {
  return spacing.slice(0, 3).reduce((product, mm) => product * Math.abs(mm || 1), 1)
}

/** A figure for the panel: three significant decimals below 10 ml, one above. */
export function formatMillilitres(ml: number): string {
  return ml < 10 ? ml.toFixed(3) : ml.toFixed(1)
}

export interface StrokeSlices {
  /** The pre-stroke counts of each candidate slice through the pointer: [sagittal x, coronal y, axial z]. */
  before: [LabelCounts, LabelCounts, LabelCounts]
  index: [number, number, number]
}

/** Keeps the totals and updates them slice by slice while a stroke is painted. */
export class LabelVolumeTracker {
  private total: LabelCounts = new Uint32Array(256)
  private stroke: StrokeSlices | null = null

  /** Full recount: after loading, undo/redo, a fill, or the end of a stroke. */
  recount(bitmap: ArrayLike<number>): LabelCounts {
    this.total = countLabels(bitmap)
    this.stroke = null
    return this.total
  }

  /**
   * Called when a stroke may start (pointer down), before the first dab: remembers the three slices through
   * `voxel` that the stroke could paint, whichever view it is painted in.
   */
  beginStroke(bitmap: ArrayLike<number>, dims: readonly [number, number, number], voxel: readonly number[]): void {
    const index = voxel.slice(0, 3).map(Math.round) as [number, number, number]
    const before = [0, 1, 2].map((axis) => countSlice(bitmap, dims, axis as 0 | 1 | 2, index[axis])) as [
      LabelCounts,
      LabelCounts,
      LabelCounts,
    ]
    this.stroke = { before, index }
  }

  /** Totals during a stroke that paints the slice `axis` = the index remembered at `beginStroke`. */
  during(bitmap: ArrayLike<number>, dims: readonly [number, number, number], axis: 0 | 1 | 2): LabelCounts {
    if (!this.stroke) return this.total
    const now = countSlice(bitmap, dims, axis, this.stroke.index[axis])
    const before = this.stroke.before[axis]
    const out = new Uint32Array(256)
    for (let v = 0; v < 256; v++) out[v] = this.total[v] - before[v] + now[v]
    return out
  }

  counts(): LabelCounts {
    return this.total
  }
}
