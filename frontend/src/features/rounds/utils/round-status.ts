import type { Round, RoundStatus } from '@/types/api'

/** Statuses in which the worker is still busy, so the page should keep polling. */
const RUNNING: ReadonlySet<RoundStatus> = new Set(['created', 'pretraining', 'training', 'scoring', 'selecting'])

export function isRoundRunning(status: RoundStatus): boolean {
  return RUNNING.has(status)
}

export function anyRoundRunning(rounds: readonly Round[] | undefined): boolean {
  return (rounds ?? []).some((round) => isRoundRunning(round.status))
}

/**
 * The words for a round's state, the same on the lead's page, the project card and the dashboard: what it means for
 * the lead ("ready for readers"), not the state machine's name for it.
 */
export const ROUND_STATE_WORDS: Record<RoundStatus, string> = {
  created: 'waiting for a worker',
  pretraining: 'pre-training the backbone',
  training: 'training',
  scoring: 'scoring the pool',
  selecting: 'selecting cases',
  review: 'waiting for your approval',
  ready: 'ready for readers',
  annotating: 'being annotated',
  closed: 'closed',
  failed: 'failed',
  cancelled: 'cancelled',
}

/** A round's state in words, with the worker's progress while (and only while) it runs: a finished round's last
 * progress ("ready 100%") would contradict its state. */
export function describeRoundState(round: Pick<Round, 'status' | 'progress'>): string {
  const words = ROUND_STATE_WORDS[round.status]
  if (!isRoundRunning(round.status)) return words
  // The worker's stage usually is the status itself ("training · training 40%"): say it once.
  const { stage, ...rest } = round.progress ?? {}
  const progress = describeProgress({ progress: stage === round.status ? rest : round.progress })
  return progress === '–' ? words : `${words} · ${progress}`
}

/** "training 40% (epoch 2/5)" — whatever part of the progress the worker reported. */
export function describeProgress(round: Pick<Round, 'progress'>): string {
  const { stage, percent, epoch, epochs } = round.progress ?? {}
  const parts: string[] = []
  if (stage) parts.push(stage)
  if (typeof percent === 'number') parts.push(`${Math.round(percent)}%`)
  if (typeof epoch === 'number' && typeof epochs === 'number') parts.push(`(epoch ${epoch}/${epochs})`)
  return parts.length > 0 ? parts.join(' ') : '–'
}
