import { describe, expect, it } from 'vitest'
import { buildLabelColormap, hexToRgb } from './label-colormap'

describe('hexToRgb', () => {
  it('parses long and short hex colours', () => {
    expect(hexToRgb('#e6194b')).toEqual([230, 25, 75])
    expect(hexToRgb('#0f0')).toEqual([0, 255, 0])
  })
})

describe('buildLabelColormap', () => {
  it('makes a dense table with a transparent background and the project colours', () => {
    const cmap = buildLabelColormap([
      { value: 2, name: 'posterior', color: '#3cb44b' },
      { value: 1, name: 'anterior', color: '#e6194b' },
    ])
    expect(cmap.I).toEqual([0, 1, 2])
    expect(cmap.A).toEqual([0, 255, 255])
    expect([cmap.R[1], cmap.G[1], cmap.B[1]]).toEqual([230, 25, 75])
    expect([cmap.R[2], cmap.G[2], cmap.B[2]]).toEqual([60, 180, 75])
    expect(cmap.labels).toEqual(['background', 'anterior', 'posterior'])
  })

  it('fills gaps between label values so colours stay aligned with voxel values', () => {
    const cmap = buildLabelColormap([{ value: 3, name: 'tumour', color: '#0000ff' }])
    expect(cmap.I).toEqual([0, 1, 2, 3])
    expect(cmap.B[3]).toBe(255)
    expect(cmap.labels[1]).toBe('1')
  })
})
