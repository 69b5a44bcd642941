import type { PatientDetail, QueueItem } from '@/types/api'

/**
 * Whether `/annotate/:id` may open (and so reserve) the case straight away. `open`: it is the caller's own case:
 * in their queue (offered to them, or reserved by them), or holding their own draft, or their own read waiting for
 * review (returned to them, or still pending: they revise it), or annotated by them (a reader adds versions to their
 * own accepted annotation). `ask`: it is not, so the page asks first ("view read-only" or
 * "take this case") and nothing is reserved until they choose. `loading`: the queue is not known yet.
 * A queue that failed to load counts as "not in the queue": asking is the safe default.
 */
export type OpenDecision = 'loading' | 'open' | 'ask'

export function openDecision(
  queue: readonly QueueItem[] | undefined,
  queueFailed: boolean,
  patient: Pick<PatientDetail, 'id' | 'masks'>,
  username: string | undefined,
): OpenDecision {
  const { draft, read, accepted } = patient.masks
  const ownWork =
    draft !== null ||
    (read ?? null) !== null ||
    (accepted?.source === 'human' && username !== undefined && accepted.author === username)
  if (ownWork) return 'open'
  if (queue === undefined) return queueFailed ? 'ask' : 'loading'
  return queue.some((item) => item.patient_id === patient.id) ? 'open' : 'ask'
}
