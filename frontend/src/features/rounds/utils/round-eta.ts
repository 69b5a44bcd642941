import { formatApproxDuration, parseServerTime } from '@/lib/format'
import type { Round } from '@/types/api'

export interface RoundTiming {
  /** Since the worker started the round (or since it was created, while it waits for a worker). */
  elapsedMs: number
  /** Linear in the worker's percent; null below 5%, where a guess would be noise. */
  remainingMs: number | null
}

/** How long a running round has run and, from its reported percent, about how long it has left. */
export function roundTiming(round: Pick<Round, 'created_at' | 'started_at' | 'progress'>, now: number): RoundTiming {
  const start = parseServerTime(round.started_at ?? round.created_at)
  const elapsedMs = Math.max(0, now - start)
  const percent = round.progress?.percent
  if (typeof percent !== 'number' || percent < 5 || percent >= 100 || round.started_at === null) {
    return { elapsedMs, remainingMs: null }
  }
  return { elapsedMs, remainingMs: (elapsedMs * (100 - percent)) / percent }
}

/** "started 2 min ago, about 3 min left" ("queued …" while it waits for a worker; no estimate before 5%). */
export function describeTiming(round: Pick<Round, 'created_at' | 'started_at' | 'progress'>, now: number): string {
  const { elapsedMs, remainingMs } = roundTiming(round, now)
  const since = `${round.started_at === null ? 'queued' : 'started'} ${formatApproxDuration(elapsedMs)} ago`
  return remainingMs === null ? since : `${since}, about ${formatApproxDuration(remainingMs)} left`
}
