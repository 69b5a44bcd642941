import { describe, expect, it } from 'vitest'
import type { CaseMasks, PatientAnnotation } from '@/types/api'
import { chooseMask, maskOptions, versionOrigin } from './mask-versions'

const version = (n: number, source: PatientAnnotation['source'], author: string | null): PatientAnnotation => ({
  id: `a${n}`,
  version: n,
  source,
  author,
  created_at: '2026-03-01T10:00:00',
  time_spent_s: null,
  sha256: 'x',
})

const masks = (accepted: string | null, prediction: boolean): CaseMasks => ({
  draft: null,
  accepted: accepted
    ? { annotation_id: accepted, version: 2, source: 'correction', author: 'lead', created_at: '2026-03-01T10:00:00' }
    : null,
  prediction: prediction
    ? { round_id: 'r', round_number: 3, model_version_id: 'm', created_at: '2026-03-02T10:00:00' }
    : null,
  starting: accepted ? 'accepted' : prediction ? 'prediction' : 'empty',
})

describe('maskOptions', () => {
  it('lists every version newest first with its status and origin, then the prediction, then the image alone', () => {
    const versions = [version(1, 'import', null), version(2, 'correction', 'lead'), version(3, 'human', 'rad')]
    const options = maskOptions(masks('a2', true), versions)
    expect(options.map((o) => o.key)).toEqual(['v3', 'v2', 'v1', 'prediction', 'none'])
    expect(options.map((o) => o.label)).toEqual([
      'Annotation v3 (not accepted)',
      'Annotation v2 (accepted ground truth)',
      'Annotation v1 (superseded)',
      'Model prediction, round 3',
      'Image only',
    ])
    expect(options[0].detail).toMatch(/^annotation by rad, /)
    expect(options[1].detail).toMatch(/^ground-truth correction by lead, /)
    expect(options[2].detail).toMatch(/^imported ground truth, /)
  })
  it("names a reviewed case's reads and the reviewer's edit", () => {
    expect(versionOrigin({ ...version(1, 'human', 'rad'), read_number: 1 })).toBe('read 1 by rad')
    expect(versionOrigin({ ...version(2, 'human', 'rad2'), read_number: 2 })).toBe('read 2 by rad2')
    expect(versionOrigin(version(3, 'review', 'lead'))).toBe("reviewer's edit by lead")
    expect(versionOrigin({ ...version(4, 'human', 'rad'), read_number: null })).toBe('annotation by rad')
  })
  it('offers only the image when there is nothing drawn', () => {
    expect(maskOptions(masks(null, false), []).map((o) => o.key)).toEqual(['none'])
  })
})

describe('chooseMask', () => {
  const options = maskOptions(masks('a2', true), [version(1, 'import', null), version(2, 'correction', 'lead')])
  it('shows what the URL names', () => {
    expect(chooseMask(options, 'v1').key).toBe('v1')
    expect(chooseMask(options, 'prediction').key).toBe('prediction')
    expect(chooseMask(options, 'none').key).toBe('none')
  })
  it('otherwise opens the accepted version, else the prediction, else the image', () => {
    expect(chooseMask(options, null).key).toBe('v2')
    expect(chooseMask(options, 'v9').key).toBe('v2')
    expect(chooseMask(maskOptions(masks(null, true), []), null).key).toBe('prediction')
    expect(chooseMask(maskOptions(masks(null, false), []), 'v1').key).toBe('none')
  })
})
