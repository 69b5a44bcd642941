/**
 * Smoothing one label by a morphological closing with a ball of `radiusMm`: holes, gaps and notches narrower than
 * the ball fill in, nothing is taken away. NiiVue has no closing for drawings (its `drawingBinaryDilationWithSeed`
 * dilates one piece by one voxel and pushes its own undo step), so this is ours.
 *
 * The ball is measured in millimetres through exact Euclidean distance transforms (Felzenszwalb & Huttenlocher's
 * separable lower-envelope pass, weighted by the voxel spacing), so a CT's 0.7 × 0.7 × 5 mm voxels close in-plane
 * rather than across five millimetres of slice gap: dilate = within r of the label, close = more than r away from
 * everything the dilation did not reach. It runs on the label's box plus the ball's reach, and only background
 * voxels take the label, so other labels are never painted over.
 */
import { type Dims, boxShape, cropLabel, forEachInBox, labelBox, padBox } from './label-crop'

/** The largest ball offered: the crop grows with the radius, and wider closings merge separate structures. */
export const MAX_CLOSE_RADIUS_MM = 10

/** "Infinitely far": large enough never to be within any radius, finite so the envelope arithmetic stays exact. */
const FAR = 1e20

/**
 * Squared distance (mm²) from every voxel to the nearest voxel where `feature` is 1; FAR-ish where there is none.
 * `shape` is x fastest, `spacing` the voxel edge lengths in mm.
 */
export function squaredDistanceMm2(feature: Uint8Array, shape: Dims, spacing: Dims): Float64Array {
  const [nx, ny, nz] = shape
  const grid = new Float64Array(feature.length)
  for (let i = 0; i < feature.length; i++) grid[i] = feature[i] ? 0 : FAR
  const longest = Math.max(nx, ny, nz)
  const f = new Float64Array(longest)
  const d = new Float64Array(longest)
  const v = new Int32Array(longest)
  const z = new Float64Array(longest + 1)
  const strides = [1, nx, nx * ny]
  for (let axis = 0; axis < 3; axis++) {
    const n = shape[axis]
    if (n < 2) continue
    const w2 = (Math.abs(spacing[axis]) || 1) ** 2
    const stride = strides[axis]
    // Every line along `axis`: its start index runs over the other two axes.
    const [a, b] = [0, 1, 2].filter((other) => other !== axis)
    for (let j = 0; j < shape[b]; j++) {
      for (let i = 0; i < shape[a]; i++) {
        const start = i * strides[a] + j * strides[b]
        for (let q = 0; q < n; q++) f[q] = grid[start + q * stride]
        lowerEnvelope(f, n, w2, d, v, z)
        for (let q = 0; q < n; q++) grid[start + q * stride] = d[q]
      }
    }
  }
  return grid
}

/** d[p] = min over q of w2·(p − q)² + f[q], in O(n). */
function lowerEnvelope(f: Float64Array, n: number, w2: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0
  v[0] = 0
  z[0] = -Infinity
  z[1] = Infinity
  for (let q = 1; q < n; q++) {
    let s = intersection(f, w2, q, v[k])
    while (s <= z[k]) {
      k--
      s = intersection(f, w2, q, v[k])
    }
    k++
    v[k] = q
    z[k] = s
    z[k + 1] = Infinity
  }
  k = 0
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++
    d[q] = w2 * (q - v[k]) ** 2 + f[v[k]]
  }
}

function intersection(f: Float64Array, w2: number, q: number, p: number): number {
  return (f[q] + w2 * q * q - (f[p] + w2 * p * p)) / (2 * w2 * (q - p))
}

/**
 * Closes `label` in place with a ball of `radiusMm`; `spacing` is the drawing's voxel size in mm (RAS order).
 * Returns the number of voxels it added.
 */
export function closeLabel(bitmap: Uint8Array, dims: Dims, spacing: Dims, label: number, radiusMm: number): number {
  const found = labelBox(bitmap, dims, label)
  if (!found || !(radiusMm > 0) || radiusMm > MAX_CLOSE_RADIUS_MM) return 0
  // The dilation reaches ⌊r / spacing⌋ voxels out; one more layer keeps the crop's border outside it, so the
  // distances the erosion measures to that border are the true ones. The box may reach past the image's edges:
  // beyond them is background, or a label touching an edge would spread along it.
  const reach = spacing.map((mm) => Math.floor(radiusMm / (Math.abs(mm) || 1)) + 1)
  const box = padBox(found, reach, dims, false)
  const shape = boxShape(box)
  const r2 = radiusMm * radiusMm
  const toLabel = squaredDistanceMm2(cropLabel(bitmap, dims, box, label), shape, spacing)
  const outside = new Uint8Array(toLabel.length)
  for (let i = 0; i < toLabel.length; i++) outside[i] = toLabel[i] <= r2 ? 0 : 1
  const toOutside = squaredDistanceMm2(outside, shape, spacing)
  let added = 0
  forEachInBox(dims, box, (i, c) => {
    if (bitmap[i] === 0 && toOutside[c] > r2) {
      bitmap[i] = label
      added++
    }
  })
  return added
}
