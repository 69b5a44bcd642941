/**
 * Fill between slices: where the reader painted a label on slices a and b of the view's axis and nothing between,
 * the slices between get NiiVue's interpolation of the two (`interpolateMaskSlices` from `@niivue/niivue/drawing`:
 * each outline smoothed 3×3, blended by distance, kept where the blend reaches 0.375).
 *
 * NiiVue's method on the viewer interpolates every label of the whole drawing between each label's first and last
 * slice, writes over other labels, and scans the whole volume (5 s for one gap of a 512×512×300 drawing). So each
 * gap is cut out on its own, only the active label, boxed to where it is painted (one voxel of margin so the 3×3
 * smoothing sees the same neighbours), and the result only fills background voxels. Its geometric mode is used: the
 * intensity-guided one reads the image in its native voxel order against the drawing's RAS order.
 */
import { SLICE_TYPE } from '@niivue/niivue'
import { interpolateMaskSlices } from '@niivue/niivue/drawing'
import { type Box, type Dims, type Triple, boxShape, cropLabel, forEachInBox, labelBox, padBox } from './label-crop'

export interface SliceFillResult {
  /** Slices along the axis that hold the label. */
  paintedSlices: number
  /** Runs of empty slices between two painted ones. */
  gaps: number
  /** Slices that received voxels. */
  filledSlices: number
  voxels: number
}

const SLICE_TYPES: Record<0 | 1 | 2, SLICE_TYPE> = {
  0: SLICE_TYPE.SAGITTAL,
  1: SLICE_TYPE.CORONAL,
  2: SLICE_TYPE.AXIAL,
}

/** The slice indices along `axis` (0 sagittal x, 1 coronal y, 2 axial z) that hold `label` within `box`, ascending. */
export function paintedSlices(
  bitmap: ArrayLike<number>,
  dims: Dims,
  box: Box,
  axis: 0 | 1 | 2,
  label: number,
): number[] {
  const painted = new Uint8Array(dims[axis])
  forEachInBox(dims, box, (i) => {
    if (bitmap[i] === label) painted[sliceOf(i, dims, axis)] = 1
  })
  const out: number[] = []
  painted.forEach((on, index) => on && out.push(index))
  return out
}

/** Interpolates `label` across every gap between its painted slices along `axis`, in place. */
export function fillBetweenSlices(bitmap: Uint8Array, dims: Dims, axis: 0 | 1 | 2, label: number): SliceFillResult {
  const found = labelBox(bitmap, dims, label)
  if (!found) return { paintedSlices: 0, gaps: 0, filledSlices: 0, voxels: 0 }
  const slices = paintedSlices(bitmap, dims, found, axis, label)
  const inPlane = padBox(found, [axis === 0 ? 0 : 1, axis === 1 ? 0 : 1, axis === 2 ? 0 : 1], dims)
  let gaps = 0
  let filledSlices = 0
  let voxels = 0
  for (let s = 1; s < slices.length; s++) {
    const [low, high] = [slices[s - 1], slices[s]]
    if (high - low < 2) continue
    gaps++
    const box: Box = {
      min: inPlane.min.map((v, a) => (a === axis ? low : v)) as Triple,
      max: inPlane.max.map((v, a) => (a === axis ? high : v)) as Triple,
    }
    const shape = boxShape(box)
    const crop = cropLabel(bitmap, dims, box, label)
    const size = { dimX: shape[0], dimY: shape[1], dimZ: shape[2] }
    interpolateMaskSlices(
      crop,
      size,
      crop,
      1,
      0,
      high - low,
      { sliceType: SLICE_TYPES[axis], useIntensityGuided: false },
      () => undefined,
    )
    const filled = new Set<number>()
    forEachInBox(dims, box, (i, c) => {
      if (crop[c] !== 1 || bitmap[i] !== 0) return
      bitmap[i] = label
      voxels++
      filled.add(sliceOf(i, dims, axis))
    })
    filledSlices += filled.size
  }
  return { paintedSlices: slices.length, gaps, filledSlices, voxels }
}

/** The slice along `axis` that voxel `index` lies in. */
function sliceOf(index: number, dims: Dims, axis: 0 | 1 | 2): number {
  const [nx, ny] = dims
  return axis === 0 ? index % nx : axis === 1 ? Math.floor(index / nx) % ny : Math.floor(index / (nx * ny))
}
