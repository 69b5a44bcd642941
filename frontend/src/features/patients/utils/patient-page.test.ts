import { describe, expect, it } from 'vitest'
import { backTarget, patientPagePath } from './patient-page'

describe('patientPagePath', () => {
  it('builds the read-only page of a project’s patient', () => {
    expect(patientPagePath('p 1', 'x/y')).toBe('/projects/p%201/patients/x%2Fy')
  })
})

describe('backTarget', () => {
  it('returns to the filtered list it was opened from', () => {
    const state = { back: '/projects/p1?tab=patients&state=queued' }
    expect(backTarget(state, 'p1', true)).toEqual({ to: state.back, label: 'Back to patients' })
    expect(backTarget({ back: '/queue' }, 'p1', false)).toEqual({ to: '/queue', label: 'Back to queue' })
    expect(backTarget({ back: '/review?status=accepted' }, 'p1', false)).toEqual({
      to: '/review?status=accepted',
      label: 'Back to review',
    })
  })
  it('falls back to the role’s own list, and never follows an outside address', () => {
    expect(backTarget(null, 'p1', true)).toEqual({ to: '/projects/p1?tab=patients', label: 'Back to patients' })
    expect(backTarget({ back: 'https://elsewhere.example' }, 'p1', false)).toEqual({
      to: '/queue',
      label: 'Back to queue',
    })
    expect(backTarget({ back: '//elsewhere.example/x' }, 'p1', false).to).toBe('/queue')
    expect(backTarget(undefined, 'p1', false).to).toBe('/queue')
  })
})
