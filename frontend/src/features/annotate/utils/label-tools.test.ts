import { describe, expect, it } from 'vitest'
import {
  type LabelToolInputs,
  describeClose,
  describeGrow,
  describeIslands,
  describeSliceFill,
  groupedReasons,
  islandMinVoxels,
  labelToolReasons,
} from './label-tools'

const ready: LabelToolInputs = {
  plane: 'axial',
  labelName: '1 (Anterior)',
  labelVoxels: 120,
  fillLow: 40,
  fillHigh: 90,
  islandMin: 10,
  closeRadiusMm: 2,
}

describe('labelToolReasons', () => {
  it('enables every tool on a painted label in a single view with a range set', () => {
    expect(labelToolReasons(ready)).toEqual({
      'fill-between': null,
      'grow-3d': null,
      'remove-islands': null,
      smooth: null,
    })
  })

  it('says why each tool does not apply', () => {
    const empty = labelToolReasons({ ...ready, labelVoxels: 0, plane: 'multiplanar', fillLow: 0, fillHigh: 0 })
    expect(empty['fill-between']).toBe('choose the axial, coronal or sagittal view (it fills along the view’s axis).')
    expect(empty['grow-3d']).toBe('set the intensity range first (From below To), e.g. with “Range around crosshair”.')
    expect(empty['remove-islands']).toBe('label 1 (Anterior) has no voxels yet: paint some first.')
    expect(empty.smooth).toBe(empty['remove-islands'])
    expect(labelToolReasons({ ...ready, islandMin: 0 })['remove-islands']).toBe('enter an island size above 0.')
    expect(labelToolReasons({ ...ready, closeRadiusMm: 11 }).smooth).toBe('enter a radius above 0 and at most 10 mm.')
    expect(labelToolReasons({ ...ready, fillLow: Number.NaN })['grow-3d']).not.toBeNull()
  })

  it('lists a shared reason once, with the tools it disables', () => {
    const reasons = labelToolReasons({ ...ready, labelVoxels: 0 })
    expect(groupedReasons(reasons)).toEqual([
      {
        tools: ['fill-between', 'remove-islands', 'smooth'],
        reason: 'label 1 (Anterior) has no voxels yet: paint some first.',
      },
    ])
  })
})

describe('messages after a label tool ran', () => {
  it('converts an island size in mm³ to voxels', () => {
    expect(islandMinVoxels(25, 'voxels', 0.5)).toBe(25)
    expect(islandMinVoxels(25, 'mm3', 0.5)).toBe(50)
    expect(islandMinVoxels(25, 'mm3', 0)).toBe(25)
  })

  it('reports what each tool did, or why it did nothing', () => {
    const name = '1 (Anterior)'
    expect(describeSliceFill({ paintedSlices: 2, gaps: 1, filledSlices: 3, voxels: 60 }, 'axial', name)).toBe(
      'Filled 3 axial slices between painted ones (60 voxels of label 1 (Anterior)).',
    )
    expect(describeSliceFill({ paintedSlices: 1, gaps: 0, filledSlices: 0, voxels: 0 }, 'coronal', name)).toBe(
      'Nothing filled: label 1 (Anterior) is painted on 1 coronal slice; paint a second one a few slices away.',
    )
    expect(describeSliceFill({ paintedSlices: 9, gaps: 0, filledSlices: 0, voxels: 0 }, 'axial', name)).toBe(
      'Nothing filled: label 1 (Anterior) has no empty axial slices between painted ones.',
    )
    expect(describeGrow({ region: 500, painted: 480 }, name)).toBe('Grew label 1 (Anterior) by 480 voxels in 3D.')
    expect(describeGrow({ region: 0, painted: 0 }, name)).toContain('outside the intensity range')
    expect(describeIslands({ islands: 4, removedIslands: 3, removedVoxels: 7 }, name)).toBe(
      'Removed 3 islands (7 voxels) of label 1 (Anterior); 1 piece left.',
    )
    expect(describeIslands({ islands: 2, removedIslands: 0, removedVoxels: 0 }, name)).toContain('is 2 pieces')
    expect(describeClose(12, 2, name)).toBe('Smoothed label 1 (Anterior): closing with a 2 mm ball added 12 voxels.')
    expect(describeClose(0, 2, name)).toBe(
      'Nothing to close: label 1 (Anterior) has no hole or notch narrower than 2 mm.',
    )
  })
})
