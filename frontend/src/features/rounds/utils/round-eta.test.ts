import { describe, expect, it } from 'vitest'
import { formatApproxDuration } from '@/lib/format'
import { describeTiming, roundTiming } from './round-eta'

const started = '2026-12-01T10:00:00Z'
const at = (iso: string) => Date.parse(iso)

describe('roundTiming', () => {
  it('extrapolates the time left linearly from the reported percent', () => {
    const timing = roundTiming(
      { created_at: started, started_at: started, progress: { stage: 'training', percent: 40 } },
      at('2026-12-01T10:02:00Z'),
    )
    expect(timing.elapsedMs).toBe(120_000)
    expect(timing.remainingMs).toBe(180_000)
  })

  it('reads server times without a zone as UTC', () => {
    const naive = roundTiming(
      { created_at: '2026-12-01T10:00:00', started_at: '2026-12-01T10:00:00', progress: { percent: 50 } },
      at('2026-12-01T10:01:00Z'),
    )
    expect(naive).toEqual({ elapsedMs: 60_000, remainingMs: 60_000 })
  })

  it('makes no guess before 5%, or while the round waits for a worker', () => {
    const now = at('2026-12-01T10:01:00Z')
    expect(
      roundTiming({ created_at: started, started_at: started, progress: { percent: 2 } }, now).remainingMs,
    ).toBeNull()
    const waiting = roundTiming({ created_at: started, started_at: null, progress: { percent: 50 } }, now)
    expect(waiting).toEqual({ elapsedMs: 60_000, remainingMs: null })
  })
})

describe('formatApproxDuration', () => {
  it('reads as a reader glances at it', () => {
    expect(formatApproxDuration(45_000)).toBe('45 s')
    expect(formatApproxDuration(185_000)).toBe('3 min')
    expect(formatApproxDuration(65 * 60_000)).toBe('1 h 05 min')
  })
})

describe('describeTiming', () => {
  it('says since when and, once it can, how long is left', () => {
    const now = at('2026-12-01T10:02:00Z')
    const training = { created_at: started, started_at: started, progress: { percent: 40 } }
    expect(describeTiming(training, now)).toBe('started 2 min ago, about 3 min left')
    expect(describeTiming({ created_at: started, started_at: null, progress: {} }, now)).toBe('queued 2 min ago')
  })
})
