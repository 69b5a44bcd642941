import type { RoundScore } from '@/types/api'

/** The patients the round proposes, as the starting point of the lead's review. */
export function proposedSelection(scores: readonly RoundScore[]): Set<string> {
  return new Set(scores.filter((s) => s.selected).map((s) => s.patient_id))
}

/** Adds or removes one patient without mutating the current selection (React state). */
export function toggleSelection(selection: ReadonlySet<string>, patientId: string): Set<string> {
  const next = new Set(selection)
  if (next.has(patientId)) next.delete(patientId)
  else next.add(patientId)
  return next
}

export interface SelectionSummary {
  count: number
  total: number
  remaining: number
  /** Budget left after the selection; negative when it costs more than the remaining budget. */
  left: number
  overBudget: boolean
  /** Predicted reading time of the chosen patients in minutes; null when any of them has no prediction. */
  minutes: number | null
}

/** What the chosen patients cost together against the remaining budget (summed in cents, like the server). */
export function summarizeSelection(
  scores: readonly RoundScore[],
  selection: ReadonlySet<string>,
  remaining: number,
): SelectionSummary {
  const chosen = scores.filter((s) => selection.has(s.patient_id))
  const totalCents = chosen.reduce((sum, s) => sum + Math.round(s.cost * 100), 0)
  const remainingCents = Math.round(remaining * 100)
  const timed = chosen.every((s) => s.predicted_minutes !== null)
  return {
    count: chosen.length,
    total: totalCents / 100,
    remaining,
    left: (remainingCents - totalCents) / 100,
    overBudget: totalCents > remainingCents,
    minutes: timed ? chosen.reduce((sum, s) => sum + (s.predicted_minutes ?? 0), 0) : null,
  }
}

/** The chosen ids in rank order, the body of the approve request. */
export function selectionInRankOrder(scores: readonly RoundScore[], selection: ReadonlySet<string>): string[] {
  return [...scores]
    .sort((a, b) => a.rank - b.rank)
    .filter((s) => selection.has(s.patient_id))
    .map((s) => s.patient_id)
}

/**
 * The scores the review knows of: the loaded pages of the round's scores and its whole proposed selection (which
 * may reach past the loaded pages), each patient once. The selection's total and the approve request read these,
 * so a proposed patient further down the list still counts before its page is loaded.
 */
export function knownScores(loaded: readonly RoundScore[], proposed: readonly RoundScore[]): RoundScore[] {
  const byPatient = new Map<string, RoundScore>()
  for (const score of [...loaded, ...proposed])
    if (!byPatient.has(score.patient_id)) byPatient.set(score.patient_id, score)
  return [...byPatient.values()]
}
