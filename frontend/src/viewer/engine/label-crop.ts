/**
 * Bounding boxes and crops of one label in an x-fastest (RAS) drawing. The label-editing tools work on the label's
 * box plus a margin rather than on the whole volume: a 512×512×300 CT drawing holds 78 M voxels, a lesion's box a
 * few thousand to a few million, so a tool answers in milliseconds and its scratch arrays stay small.
 */

export type Dims = readonly [number, number, number]
export type Triple = [number, number, number]

/** Inclusive voxel bounds. */
export interface Box {
  min: Triple
  max: Triple
}

/** The smallest box holding every voxel of `label`, or null when the drawing has none. */
export function labelBox(bitmap: ArrayLike<number>, dims: Dims, label: number): Box | null {
  const [nx, ny, nz] = dims
  const min: Triple = [nx, ny, nz]
  const max: Triple = [-1, -1, -1]
  let i = 0
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (bitmap[i] !== label) continue
        if (x < min[0]) min[0] = x
        if (x > max[0]) max[0] = x
        if (y < min[1]) min[1] = y
        if (y > max[1]) max[1] = y
        if (z < min[2]) min[2] = z
        max[2] = z
      }
    }
  }
  return max[0] < 0 ? null : { min, max }
}

/**
 * `box` grown by `pad` voxels per axis, clipped to the volume; with `clip` false it may reach past the volume's
 * edges, where the crop holds background (what a closing needs so the edge of the image is not taken for label).
 */
export function padBox(box: Box, pad: readonly number[], dims: Dims, clip = true): Box {
  return {
    min: box.min.map((v, a) => (clip ? Math.max(0, v - pad[a]) : v - pad[a])) as Triple,
    max: box.max.map((v, a) => (clip ? Math.min(dims[a] - 1, v + pad[a]) : v + pad[a])) as Triple,
  }
}

export function boxShape(box: Box): Triple {
  return box.max.map((v, a) => v - box.min[a] + 1) as Triple
}

/**
 * Calls `visit(volumeIndex, cropIndex)` for every voxel of `box` inside the volume, in the crop's x-fastest order
 * (crop indices count the whole box, so parts past the volume's edges are skipped, not squeezed out).
 */
export function forEachInBox(dims: Dims, box: Box, visit: (index: number, cropIndex: number) => void): void {
  const [nx, ny, nz] = dims
  const [sx, sy] = boxShape(box)
  for (let z = Math.max(0, box.min[2]); z <= Math.min(nz - 1, box.max[2]); z++) {
    for (let y = Math.max(0, box.min[1]); y <= Math.min(ny - 1, box.max[1]); y++) {
      const row = y * nx + z * nx * ny
      const cropRow = (y - box.min[1]) * sx + (z - box.min[2]) * sx * sy - box.min[0]
      for (let x = Math.max(0, box.min[0]); x <= Math.min(nx - 1, box.max[0]); x++) visit(row + x, cropRow + x)
    }
  }
}

/** 1 where the drawing holds `label` inside `box`, 0 elsewhere (x fastest, shape `boxShape(box)`). */
export function cropLabel(bitmap: ArrayLike<number>, dims: Dims, box: Box, label: number): Uint8Array {
  const [sx, sy, sz] = boxShape(box)
  const crop = new Uint8Array(sx * sy * sz)
  forEachInBox(dims, box, (i, c) => {
    if (bitmap[i] === label) crop[c] = 1
  })
  return crop
}
