import { describe, expect, it } from 'vitest'
import { acceptedIds, exportUrl } from './annotations'

describe('acceptedIds', () => {
  it('keeps the highest version of each patient', () => {
    const ids = acceptedIds([
      { id: 'a2', patient_id: 'A', version: 2 },
      { id: 'b1', patient_id: 'B', version: 1 },
      { id: 'a1', patient_id: 'A', version: 1 },
      { id: 'a3', patient_id: 'A', version: 3 },
    ])
    expect([...ids].sort()).toEqual(['a3', 'b1'])
  })
})

describe('exportUrl', () => {
  it('keeps the plain export URL for NIfTI and adds the format otherwise', () => {
    expect(exportUrl('p 1', 'nifti')).toBe('/api/projects/p%201/export')
    expect(exportUrl('p', 'nifti', 500, true)).toBe('/api/projects/p/export?include_reads=true')
    expect(exportUrl('p', 'msd', 7, true)).toBe('/api/projects/p/export?format=msd&dataset_id=7')
    expect(exportUrl('p1', 'nnunet')).toBe('/api/projects/p1/export?format=nnunet&dataset_id=500')
    expect(exportUrl('p1', 'msd', 7)).toBe('/api/projects/p1/export?format=msd&dataset_id=7')
    expect(exportUrl('p1', 'msd', 1000)).toBe('/api/projects/p1/export?format=msd&dataset_id=500')
  })
})
