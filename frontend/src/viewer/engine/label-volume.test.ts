import { describe, expect, it } from 'vitest'
import {
  LabelVolumeTracker,
  countLabels,
  countSlice,
  formatMillilitres,
  millilitres,
  voxelVolumeMm3,
} from './label-volume'

const DIMS: [number, number, number] = [4, 3, 2]
const at = (x: number, y: number, z: number) => x + y * DIMS[0] + z * DIMS[0] * DIMS[1]

function volume(): Uint8Array {
  const bitmap = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2])
  bitmap[at(0, 0, 0)] = 1
  bitmap[at(1, 2, 0)] = 1
  bitmap[at(3, 1, 1)] = 2
  return bitmap
}

describe('label volumes', () => {
  it('counts each label value and converts voxels to millilitres', () => {
    const counts = countLabels(volume())
    expect([counts[0], counts[1], counts[2]]).toEqual([21, 2, 1])
    // 2 voxels of 0.8 × 0.8 × 2.5 mm = 3.2 mm³ = 0.0032 ml
    expect(voxelVolumeMm3([0.8, 0.8, 2.5])).toBeCloseTo(1.6)
    expect(millilitres(counts[1], voxelVolumeMm3([0.8, 0.8, 2.5]))).toBeCloseTo(0.0032)
    expect(millilitres(1000, 1)).toBe(1)
    expect(formatMillilitres(2.34567)).toBe('2.346')
    expect(formatMillilitres(123.45)).toBe('123.5')
  })

  it('counts one slice along each axis', () => {
    const bitmap = volume()
    expect(countSlice(bitmap, DIMS, 2, 0)[1]).toBe(2) // axial z = 0
    expect(countSlice(bitmap, DIMS, 2, 1)[2]).toBe(1)
    expect(countSlice(bitmap, DIMS, 1, 2)[1]).toBe(1) // coronal y = 2
    expect(countSlice(bitmap, DIMS, 0, 3)[2]).toBe(1) // sagittal x = 3
    expect(countSlice(bitmap, DIMS, 0, 3)[0]).toBe(DIMS[1] * DIMS[2] - 1)
    expect(countSlice(bitmap, DIMS, 2, 5)[0]).toBe(0) // outside the volume: nothing
  })

  it('follows a stroke slice by slice and agrees with a full recount', () => {
    const bitmap = volume()
    const tracker = new LabelVolumeTracker()
    tracker.recount(bitmap)
    // A stroke in the coronal view through y = 1 paints label 1 along x on both z slices.
    tracker.beginStroke(bitmap, DIMS, [2, 1, 0])
    for (let x = 0; x < DIMS[0]; x++) bitmap[at(x, 1, 0)] = 1
    bitmap[at(3, 1, 1)] = 1 // overwrites the one label-2 voxel
    const during = tracker.during(bitmap, DIMS, 1)
    const full = countLabels(bitmap)
    expect(Array.from(during)).toEqual(Array.from(full))
    expect(during[1]).toBe(7)
    expect(during[2]).toBe(0)
    expect(Array.from(tracker.recount(bitmap))).toEqual(Array.from(full))
  })
})
