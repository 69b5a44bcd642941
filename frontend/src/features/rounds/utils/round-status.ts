import type { Round, RoundStatus } from '@/types/api'

/** Statuses in which the worker is still busy, so the page should keep polling. */
const RUNNING: ReadonlySet<RoundStatus> = new Set(['created', 'pretraining', 'training', 'scoring', 'selecting'])

export function isRoundRunning(status: RoundStatus): boolean {
  return RUNNING.has(status)
}

export function anyRoundRunning(rounds: readonly Round[] | undefined): boolean {
  return (rounds ?? []).some((round) => isRoundRunning(round.status))
}

/** "training 40% (epoch 2/5)" — whatever part of the progress the worker reported. */
export function describeProgress(round: Round): string {
  const { stage, percent, epoch, epochs } = round.progress ?? {}
  const parts: string[] = []
  if (stage) parts.push(stage)
  if (typeof percent === 'number') parts.push(`${Math.round(percent)}%`)
  if (typeof epoch === 'number' && typeof epochs === 'number') parts.push(`(epoch ${epoch}/${epochs})`)
  return parts.length > 0 ? parts.join(' ') : '–'
}
