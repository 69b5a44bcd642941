import type { PatientState, ProjectCounts } from '@/types/api'

/**
 * The one vocabulary for where a patient stands, on every page (card, dashboard, patient list): British
 * "unlabelled" as the rest of the interface writes it (the API's enum keeps its code spelling `unlabeled`).
 */
export const STATE_WORDS: Record<PatientState, string> = {
  annotated: 'annotated',
  in_review: 'in review',
  reserved: 'reserved',
  queued: 'queued',
  set_aside: 'set aside',
  unlabeled: 'unlabelled',
  validation: 'validation',
}

/**
 * The order the counts are read in: what is done, what waits for a reviewer, what is under way, what is left, what
 * is held out.
 */
const ORDER: readonly PatientState[] = [
  'annotated',
  'in_review',
  'reserved',
  'queued',
  'set_aside',
  'unlabeled',
  'validation',
]

/** "10 patients: 4 annotated · 1 in review · 2 queued · 1 unlabelled · 2 validation" (states with none left out,
 * except annotated and unlabelled, which a lead always looks for). */
export function describeCounts(counts: ProjectCounts): string {
  const parts = ORDER.filter((state) => counts[state] > 0 || state === 'annotated' || state === 'unlabeled').map(
    (state) => `${counts[state]} ${STATE_WORDS[state]}`,
  )
  return `${counts.patients} ${counts.patients === 1 ? 'patient' : 'patients'}: ${parts.join(' · ')}`
}
