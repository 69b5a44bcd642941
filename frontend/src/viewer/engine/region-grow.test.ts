import { describe, expect, it } from 'vitest'
import { regionGrowSlice } from './region-grow'
import { presetsFor, windowRange } from './window-presets'

describe('regionGrowSlice', () => {
  // 4×4×2, x fastest. Slice z=0 has a bright L-shape; slice z=1 is bright everywhere.
  const dims: [number, number, number] = [4, 4, 2]
  const image = new Float32Array(32)
  for (const [x, y] of [
    [0, 0],
    [1, 0],
    [1, 1],
    [1, 2],
    [3, 3],
  ])
    image[x + y * 4] = 100
  image.fill(100, 16)

  it('fills only connected in-range voxels of the seed slice', () => {
    const filled = regionGrowSlice(image, dims, [1, 1, 0], 2, 50, 150).sort((a, b) => a - b)
    expect(filled).toEqual([0, 1, 5, 9]) // (3,3) is bright but not connected; z=1 is another slice
  })

  it('returns nothing when the seed is out of range or outside the volume', () => {
    expect(regionGrowSlice(image, dims, [2, 2, 0], 2, 50, 150)).toEqual([])
    expect(regionGrowSlice(image, dims, [9, 0, 0], 2, 50, 150)).toEqual([])
  })

  it('applies the intensity scale before comparing', () => {
    expect(regionGrowSlice(image, dims, [0, 0, 0], 2, 150, 250, (raw) => raw * 2)).toHaveLength(4)
  })
})

describe('window presets', () => {
  it('offers the CT presets for CT and percentile windows for MR', () => {
    expect(presetsFor('CT').map((p) => p.name)).toContain('ct-lung')
    expect(presetsFor('MR').map((p) => p.name)).toEqual(['auto', 'mr-auto', 'mr-t1', 'mr-t2'])
    expect(windowRange([1500, -600])).toEqual([-1350, 150])
  })
})
