import { formatMoney } from '@/lib/format'
import type { AnnotationCreated } from '@/types/api'

/**
 * What the queue says after a submission. Where the project reviews masks the submission is a read that waits for
 * a reviewer, not the patient's accepted annotation, and the words must not claim more.
 */
export function submittedFlash(externalId: string, result: AnnotationCreated, forReview: boolean): string {
  const budget = `Remaining budget: ${formatMoney(result.budget_remaining, result.currency)}.`
  if (forReview) return `Submitted ${externalId} for review (version ${result.version}). ${budget}`
  return `Saved annotation v${result.version} of ${externalId}. ${budget}`
}
