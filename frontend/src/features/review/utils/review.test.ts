import { describe, expect, it } from 'vitest'
import type { ReadSummary, ReviewItem } from '@/types/api'
import {
  decisionFlash,
  describeDecision,
  describeRead,
  nextCase,
  queueStatus,
  readByMe,
  returnProblem,
  waitingFor,
} from './review'

const read = (n: number, author: string | null, createdAt: string, version = n): ReadSummary => ({
  annotation_id: `a${n}-${version}`,
  version,
  read_number: n,
  author,
  created_at: createdAt,
  time_spent_s: 185,
})

const item = (patientId: string, reads: ReadSummary[], status: ReviewItem['status'] = 'pending'): ReviewItem => ({
  patient_id: patientId,
  external_id: `case-${patientId}`,
  project_id: 'p',
  project_name: 'Demo',
  status,
  double_read: false,
  reads,
  updated_at: '2026-12-01T10:00:00',
  comment: null,
  reviewer: null,
  returned_to: null,
  review_time_s: 0,
})

describe('describeRead', () => {
  it('names the read, its version, its author and the active time', () => {
    expect(describeRead(read(1, 'rad', '2026-12-01T09:00:00', 3))).toBe('Read 1 v3 by rad, 3:05 on the case')
    expect(describeRead({ ...read(2, null, '2026-12-01T09:00:00'), time_spent_s: null })).toBe(
      'Read 2 v2 by a former user',
    )
  })
})

describe('readByMe and nextCase', () => {
  const mine = item('m', [read(1, 'lead', '2026-12-01T08:00:00')])
  const a = item('a', [read(1, 'rad', '2026-12-01T09:00:00')])
  const b = item('b', [read(1, 'rad', '2026-12-01T10:00:00')])

  it('knows the cases the caller read (the server refuses their decision)', () => {
    expect(readByMe(mine.reads, 'lead')).toBe(true)
    expect(readByMe(a.reads, 'lead')).toBe(false)
    expect(readByMe(a.reads, undefined)).toBe(false)
  })

  it('goes on to the oldest other pending case the caller may decide', () => {
    expect(nextCase([mine, a, b], 'a', 'lead')?.patient_id).toBe('b')
    expect(nextCase([a, b], 'x', 'lead')?.patient_id).toBe('a')
    expect(nextCase([mine, a], 'a', 'lead')).toBeNull()
    expect(nextCase([item('r', a.reads, 'returned')], 'a', 'lead')).toBeNull()
  })
})

describe('queueStatus', () => {
  it('reads the tab from the URL, pending by default', () => {
    expect(queueStatus('returned')).toBe('returned')
    expect(queueStatus('accepted')).toBe('accepted')
    expect(queueStatus(null)).toBe('pending')
    expect(queueStatus('second_read')).toBe('pending')
    expect(queueStatus('bogus')).toBe('pending')
  })
})

describe('waitingFor', () => {
  const since = '2026-12-01T10:00:00'
  const at = (seconds: number) => Date.parse('2026-12-01T10:00:00Z') + seconds * 1000
  it('says how long a case has waited, coarser as it grows', () => {
    expect(waitingFor(since, at(42))).toBe('42 s')
    expect(waitingFor(since, at(12 * 60))).toBe('12 min')
    expect(waitingFor(since, at(3 * 3600 + 5 * 60))).toBe('3 h 05 min')
    expect(waitingFor(since, at(52 * 3600))).toBe('2 d 4 h')
    expect(waitingFor(since, at(-5))).toBe('0 s')
  })
})

describe('returnProblem', () => {
  it('requires a comment that fits the server', () => {
    expect(returnProblem('   ')).toMatch(/comment is required/)
    expect(returnProblem('x'.repeat(2001))).toMatch(/2000/)
    expect(returnProblem('  The tail is missing on slices 20-24 ')).toBeNull()
  })
})

describe('describeDecision and decisionFlash', () => {
  it('words each decision of the history', () => {
    const at = '2026-12-01T10:00:00'
    expect(describeDecision({ action: 'return', reviewer: 'lead', at, comment: 'tail', to: 'rad' })).toMatch(
      /^Returned to rad by lead on /,
    )
    expect(
      describeDecision({ action: 'accept', reviewer: 'lead', at, comment: null, version: 3, edited: true }),
    ).toMatch(/^Accepted v3 \(the reviewer's edit\) by lead on /)
    expect(
      describeDecision({ action: 'accept', reviewer: null, at, comment: null, version: 2, edited: false }),
    ).toMatch(/^Accepted v2 \(as read\) on /)
  })

  it('says what a decision did', () => {
    expect(decisionFlash('hippo_7', { action: 'accept', version: 3, edited: false })).toBe(
      'Accepted the read of hippo_7: version 3 is its ground truth.',
    )
    expect(decisionFlash('hippo_7', { action: 'accept', version: 4, edited: true })).toBe(
      'Accepted your edit of hippo_7: version 4 is its ground truth.',
    )
    expect(decisionFlash('hippo_7', { action: 'accept', version: 5, edited: false, consensus: true })).toBe(
      'Accepted the consensus of hippo_7: version 5 is its ground truth.',
    )
    expect(decisionFlash('hippo_7', { action: 'return', to: 'rad' })).toBe('Returned hippo_7 to rad.')
  })
})
