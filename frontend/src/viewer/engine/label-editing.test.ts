import { Niivue } from '@niivue/niivue'
import { describe, expect, it } from 'vitest'
import { type Dims, labelBox } from './label-crop'
import { type ComponentLabeller, removeSmallIslands } from './islands'
import { closeLabel, squaredDistanceMm2 } from './morphology'
import { regionGrow3D } from './region-grow'
import { fillBetweenSlices } from './slice-interpolation'

/** NiiVue's own connected-component labelling, as the engine passes it (it does not use its viewer instance). */
const bwlabel: ComponentLabeller = (mask, dims) => Niivue.prototype.bwlabel.call(null, mask, dims, 26, false)

function volume(dims: Dims): { bitmap: Uint8Array; at: (x: number, y: number, z: number) => number } {
  return {
    bitmap: new Uint8Array(dims[0] * dims[1] * dims[2]),
    at: (x, y, z) => x + y * dims[0] + z * dims[0] * dims[1],
  }
}

function paintBox(bitmap: Uint8Array, dims: Dims, from: number[], to: number[], value: number): void {
  for (let z = from[2]; z <= to[2]; z++)
    for (let y = from[1]; y <= to[1]; y++)
      for (let x = from[0]; x <= to[0]; x++) bitmap[x + y * dims[0] + z * dims[0] * dims[1]] = value
}

function count(bitmap: Uint8Array, value: number): number {
  return bitmap.reduce((n, v) => n + (v === value ? 1 : 0), 0)
}

describe('fillBetweenSlices (NiiVue interpolation, active label only)', () => {
  const dims: Dims = [12, 12, 12]

  it('fills the three axial slices between two painted 4 apart with the same square', () => {
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [3, 3, 2], [7, 6, 2], 1)
    paintBox(bitmap, dims, [3, 3, 6], [7, 6, 6], 1)
    const result = fillBetweenSlices(bitmap, dims, 2, 1)
    expect(result).toEqual({ paintedSlices: 2, gaps: 1, filledSlices: 3, voxels: 3 * 20 })
    for (let z = 3; z <= 5; z++) {
      expect(bitmap[at(3, 3, z)]).toBe(1)
      expect(bitmap[at(7, 6, z)]).toBe(1)
      expect(bitmap[at(8, 6, z)]).toBe(0)
      expect(bitmap[at(3, 2, z)]).toBe(0)
    }
    expect(count(bitmap, 1)).toBe(5 * 20)
  })

  it('interpolates along the view axis: sagittal gaps are filled in x, consecutive slices are no gap', () => {
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [1, 2, 2], [1, 8, 8], 1)
    paintBox(bitmap, dims, [2, 2, 2], [2, 8, 8], 1) // consecutive with x = 1: no gap there
    paintBox(bitmap, dims, [5, 2, 2], [5, 8, 8], 1)
    const result = fillBetweenSlices(bitmap, dims, 0, 1)
    expect(result.gaps).toBe(1)
    expect(result.filledSlices).toBe(2)
    expect(bitmap[at(3, 5, 5)]).toBe(1)
    expect(bitmap[at(4, 5, 5)]).toBe(1)
    // Along the axial axis the same drawing has no gap at all.
    expect(fillBetweenSlices(bitmap, dims, 2, 1).gaps).toBe(0)
  })

  it('touches neither other labels nor a label with one painted slice', () => {
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [3, 3, 2], [7, 6, 2], 1)
    paintBox(bitmap, dims, [3, 3, 6], [7, 6, 6], 1)
    paintBox(bitmap, dims, [3, 3, 4], [4, 4, 4], 2) // label 2 in the middle of the gap
    paintBox(bitmap, dims, [0, 0, 9], [1, 1, 9], 3)
    fillBetweenSlices(bitmap, dims, 2, 1)
    expect(bitmap[at(3, 3, 4)]).toBe(2)
    expect(bitmap[at(5, 5, 4)]).toBe(1)
    expect(count(bitmap, 2)).toBe(4)
    expect(fillBetweenSlices(bitmap, dims, 2, 3)).toEqual({ paintedSlices: 1, gaps: 0, filledSlices: 0, voxels: 0 })
    expect(fillBetweenSlices(bitmap, dims, 2, 4).paintedSlices).toBe(0)
  })
})

describe('regionGrow3D', () => {
  // A bright 3×3×3 cube and a bright voxel that touches it only at a corner, in a dark 6×6×6 volume.
  const dims: Dims = [6, 6, 6]
  const { bitmap: image, at } = volume(dims)
  paintBox(image, dims, [1, 1, 1], [3, 3, 3], 100)
  image[at(4, 4, 4)] = 100

  it('grows through every slice of the face-connected in-range region', () => {
    const grown = regionGrow3D(image, dims, [2, 2, 2], 50, 150).sort((a, b) => a - b)
    expect(grown).toHaveLength(27)
    expect(grown).not.toContain(at(4, 4, 4))
    expect(new Set(grown.map((i) => Math.floor(i / 36)))).toEqual(new Set([1, 2, 3]))
  })

  it('treats voxels it may not enter as walls', () => {
    const wall = new Set([at(1, 1, 2), at(2, 1, 2), at(3, 1, 2), at(1, 2, 2), at(2, 2, 2), at(3, 2, 2)])
    wall
      .add(at(1, 3, 2))
      .add(at(2, 3, 2))
      .add(at(3, 3, 2))
    const grown = regionGrow3D(
      image,
      dims,
      [2, 2, 1],
      50,
      150,
      (raw) => raw,
      (i) => !wall.has(i),
    )
    expect(grown).toHaveLength(9) // the z = 1 layer; the wall at z = 2 cuts off z = 3
    expect(regionGrow3D(image, dims, [0, 0, 0], 50, 150)).toEqual([])
  })
})

describe('removeSmallIslands (NiiVue bwlabel)', () => {
  const dims: Dims = [10, 10, 10]

  it('removes pieces of the label smaller than the threshold and nothing else', () => {
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [1, 1, 1], [4, 4, 4], 1) // 64 voxels
    paintBox(bitmap, dims, [7, 7, 7], [8, 8, 7], 1) // 4-voxel island
    bitmap[at(8, 1, 1)] = 1 // 1-voxel island
    bitmap[at(5, 5, 5)] = 1 // touches the big piece at a corner: same piece
    paintBox(bitmap, dims, [7, 1, 7], [7, 1, 7], 2) // a single voxel of another label
    const result = removeSmallIslands(bitmap, dims, 1, 5, bwlabel)
    expect(result).toEqual({ islands: 3, removedIslands: 2, removedVoxels: 5 })
    expect(count(bitmap, 1)).toBe(65)
    expect(bitmap[at(7, 7, 7)]).toBe(0)
    expect(bitmap[at(8, 1, 1)]).toBe(0)
    expect(bitmap[at(5, 5, 5)]).toBe(1)
    expect(bitmap[at(7, 1, 7)]).toBe(2)
  })

  it('keeps the largest piece whatever the threshold, and handles a one-voxel-thin label', () => {
    const { bitmap } = volume(dims)
    paintBox(bitmap, dims, [0, 0, 0], [0, 0, 3], 1) // a line along z at the volume's corner
    paintBox(bitmap, dims, [0, 0, 6], [0, 0, 6], 1)
    expect(removeSmallIslands(bitmap, dims, 1, 1000, bwlabel)).toEqual({
      islands: 2,
      removedIslands: 1,
      removedVoxels: 1,
    })
    expect(count(bitmap, 1)).toBe(4)
    expect(removeSmallIslands(bitmap, dims, 2, 1000, bwlabel).islands).toBe(0)
  })
})

describe('closeLabel', () => {
  it('measures distances in mm with the voxel spacing', () => {
    const feature = new Uint8Array(5 * 1 * 3)
    feature[0] = 1
    const d2 = squaredDistanceMm2(feature, [5, 1, 3], [0.5, 1, 2])
    expect(d2[4]).toBeCloseTo(4) // 4 voxels × 0.5 mm along x
    expect(d2[4 + 2 * 5]).toBeCloseTo(4 + 16) // and 2 slices × 2 mm along z
  })

  it('closes a cavity and a tunnel through a block but does not grow its outline', () => {
    const dims: Dims = [12, 12, 7]
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [2, 2, 1], [8, 8, 5], 1)
    bitmap[at(4, 4, 3)] = 0 // a cavity
    paintBox(bitmap, dims, [6, 6, 1], [6, 6, 5], 0) // a one-voxel tunnel from top to bottom
    const added = closeLabel(bitmap, dims, [1, 1, 1], 1, 1.5)
    expect(added).toBe(6)
    expect(bitmap[at(4, 4, 3)]).toBe(1)
    expect(bitmap[at(6, 6, 1)]).toBe(1)
    expect(labelBox(bitmap, dims, 1)).toEqual({ min: [2, 2, 1], max: [8, 8, 5] })
  })

  it('takes the image edge for background: a label touching it does not spread along it', () => {
    const dims: Dims = [12, 12, 7]
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [2, 2, 0], [8, 8, 6], 1) // from the first slice to the last
    paintBox(bitmap, dims, [6, 6, 0], [6, 6, 6], 0) // a tunnel open at both edges
    expect(closeLabel(bitmap, dims, [1, 1, 1], 1, 1.5)).toBe(7)
    expect(bitmap[at(6, 6, 0)]).toBe(1)
    expect(labelBox(bitmap, dims, 1)).toEqual({ min: [2, 2, 0], max: [8, 8, 6] })
  })

  it('closes a gap between two slabs only when the radius spans it, and never over another label', () => {
    const dims: Dims = [10, 10, 10]
    const { bitmap, at } = volume(dims)
    paintBox(bitmap, dims, [2, 2, 2], [7, 7, 3], 1)
    paintBox(bitmap, dims, [2, 2, 5], [7, 7, 6], 1) // z = 4 is empty between the slabs
    bitmap[at(4, 4, 4)] = 2
    // With 2.5 mm slices the gap is wider than the 1.5 mm ball; with 1 mm voxels it closes, but for its four
    // corners (a ball beside the corner's diagonal touches neither slab) and label 2's voxel.
    const thick = bitmap.slice()
    expect(closeLabel(thick, dims, [1, 1, 2.5], 1, 1.5)).toBe(0)
    expect(closeLabel(bitmap, dims, [1, 1, 1], 1, 1.5)).toBe(36 - 4 - 1)
    expect(bitmap[at(4, 4, 4)]).toBe(2)
    expect(bitmap[at(3, 2, 4)]).toBe(1)
    expect(bitmap[at(2, 2, 4)]).toBe(0)
  })
})
