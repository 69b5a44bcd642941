import { describe, expect, it } from 'vitest'
import { inPlaneOutline, normalAxis } from './outline'

const index = (x: number, y: number, z: number, nx = 5, ny = 5) => x + nx * (y + ny * z)

/** The voxels (as [x, y, z]) that hold `value`. */
function voxels(labels: ArrayLike<number>, dims: [number, number, number], value = 1): number[][] {
  const found: number[][] = []
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) if (labels[x + dims[0] * (y + dims[1] * z)] === value) found.push([x, y, z])
  return found
}

describe('inPlaneOutline', () => {
  // A 3×3 square on each of two slices of a 5×5×2 volume: as thin as a hippocampus read is along its slices.
  const dims: [number, number, number] = [5, 5, 2]
  const slab = new Uint8Array(50)
  for (let z = 0; z < 2; z++) for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) slab[index(x, y, z)] = 1

  it('keeps the ring of each axial slice and clears its centre, however thin the mask is', () => {
    const outline = inPlaneOutline(slab, dims, 2)
    // Every voxel of a two-slice slab touches empty space above or below: a 3-D outline would keep all 18.
    expect(voxels(outline, dims)).toHaveLength(16)
    expect(outline[index(2, 2, 0)]).toBe(0)
    expect(outline[index(2, 2, 1)]).toBe(0)
    expect(outline[index(1, 1, 0)]).toBe(1)
  })

  it('outlines the plane the view looks at: seen from the side, the slab is a 3×2 rectangle with no inside', () => {
    const outline = inPlaneOutline(slab, dims, 0)
    // In each sagittal plane (x fixed) the slab spans y 1..3 and z 0..1: every voxel is on that rectangle's edge.
    expect(voxels(outline, dims)).toHaveLength(18)
  })

  it('keeps the border between two labels on both sides, each in its own value, and the volume edge', () => {
    const labels = new Uint16Array(50)
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) labels[index(x, y, 0)] = x < 2 ? 1 : 2
    const outline = inPlaneOutline(labels, dims, 2)
    expect(outline).toBeInstanceOf(Uint16Array)
    // Label 1 fills x 0..1 to the volume's edge: the whole strip is outline. Label 2 keeps its edge and x = 2.
    expect(voxels(outline, dims, 1)).toHaveLength(10)
    expect(voxels(outline, dims, 2).filter(([x]) => x === 3)).toEqual([
      [3, 0, 0],
      [3, 4, 0],
    ])
    expect(outline[index(2, 2, 0)]).toBe(2)
    expect(labels[index(3, 2, 0)]).toBe(2) // the input is left as it was
  })
})

describe('normalAxis', () => {
  it('is the voxel axis of R, A or S the view holds fixed', () => {
    expect(normalAxis('axial')).toBe(2)
    expect(normalAxis('sagittal')).toBe(0)
    // A sagittal acquisition stored as (A, S, R): its axial planes are fixed in the second voxel axis.
    expect(normalAxis('axial', [3, 1, -2])).toBe(1)
    expect(normalAxis('sagittal', [3, 1, -2])).toBe(2)
  })
})
