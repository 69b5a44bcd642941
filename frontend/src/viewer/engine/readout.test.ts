import { describe, expect, it } from 'vitest'
import { decimalsFor, formatIntensity, intensityUnit, slicePosition } from './readout'

describe('viewport read-outs', () => {
  it('numbers slices from 1 along the axis the plane looks along', () => {
    const dims: [number, number, number] = [35, 51, 35]
    expect(slicePosition('axial', [3, 4, 0], dims)).toEqual({ plane: 'axial', index: 1, total: 35 })
    expect(slicePosition('coronal', [3, 50, 0], dims)).toEqual({ plane: 'coronal', index: 51, total: 51 })
    expect(slicePosition('sagittal', [16.6, 4, 0], dims)).toEqual({ plane: 'sagittal', index: 18, total: 35 })
    expect(slicePosition('axial', [0, 0, 99], dims).index).toBe(35) // clamped to the volume
  })

  it('shows as many decimals as the image range needs', () => {
    expect(decimalsFor(2000)).toBe(0)
    expect(decimalsFor(50)).toBe(1)
    expect(decimalsFor(2)).toBe(2)
    expect(decimalsFor(0.5)).toBe(3)
    expect(formatIntensity(-600.4, 1500)).toBe('-600')
    expect(formatIntensity(-0.2, 1500)).toBe('0')
    expect(formatIntensity(0.12345, 0.5)).toBe('0.123')
  })

  it('labels CT values in Hounsfield units only', () => {
    expect(intensityUnit('CT')).toBe('HU')
    expect(intensityUnit('MR')).toBe('')
  })
})
