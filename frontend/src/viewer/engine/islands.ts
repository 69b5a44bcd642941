/**
 * Remove small islands of one label: the 3D connected pieces (26-connected, so voxels touching at a corner stay one
 * piece) smaller than a threshold are cleared to background. The labelling itself is NiiVue's `bwlabel` (a port of
 * niimath's), passed in so this module stays pure and testable; what NiiVue lacks is the per-label size filter.
 * The largest piece is always kept: a threshold set too high must not wipe the whole label.
 */
import { type Dims, boxShape, cropLabel, forEachInBox, labelBox, padBox } from './label-crop'

/** NiiVue's `bwlabel(img, dim)` signature: the number of pieces and each voxel's piece (1..n, 0 background). */
export type ComponentLabeller = (mask: Uint32Array, dims: Uint32Array) => [number, Uint32Array]

export interface IslandResult {
  /** Pieces of the label before the edit. */
  islands: number
  removedIslands: number
  removedVoxels: number
}

export function removeSmallIslands(
  bitmap: Uint8Array,
  dims: Dims,
  label: number,
  minVoxels: number,
  labelComponents: ComponentLabeller,
): IslandResult {
  const found = labelBox(bitmap, dims, label)
  if (!found) return { islands: 0, removedIslands: 0, removedVoxels: 0 }
  // bwlabel refuses a volume thinner than 2 voxels in x or y: one voxel of margin keeps a single painted line valid.
  const box = padBox(found, [1, 1, 1], dims)
  const shape = boxShape(box)
  const [count, pieces] = labelComponents(
    Uint32Array.from(cropLabel(bitmap, dims, box, label)),
    Uint32Array.from(shape),
  )
  const sizes = new Uint32Array(count + 1)
  for (const piece of pieces) sizes[piece]++
  let largest = 1
  for (let p = 2; p <= count; p++) if (sizes[p] > sizes[largest]) largest = p
  const remove = new Uint8Array(count + 1)
  let removedIslands = 0
  for (let p = 1; p <= count; p++) {
    if (p !== largest && sizes[p] < minVoxels) {
      remove[p] = 1
      removedIslands++
    }
  }
  let removedVoxels = 0
  if (removedIslands) {
    forEachInBox(dims, box, (i, c) => {
      if (remove[pieces[c]]) {
        bitmap[i] = 0
        removedVoxels++
      }
    })
  }
  return { islands: count, removedIslands, removedVoxels }
}
