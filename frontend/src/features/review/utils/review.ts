/** The reviewer's words and choices, pure so they are unit-tested: which read to open, what comes next, the labels. */
import { formatClock, formatDateTime, parseServerTime } from '@/lib/format'
import type { ReadSummary, ReviewDecision, ReviewItem, ReviewStatus } from '@/types/api'

export const REVIEW_STATUS_WORDS: Record<ReviewStatus, string> = {
  second_read: 'waiting for a second read',
  pending: 'waiting for review',
  returned: 'returned to its reader',
  accepted: 'accepted',
}

/** The queue's tabs, in the order a reviewer works: what waits for them first. */
export const QUEUE_TABS: readonly { status: ReviewStatus; name: string }[] = [
  { status: 'pending', name: 'Waiting for review' },
  { status: 'returned', name: 'Returned' },
  { status: 'accepted', name: 'Accepted' },
]

/** A `?status=` value as a queue tab; anything else is the pending queue. */
export function queueStatus(param: string | null): ReviewStatus {
  return QUEUE_TABS.find((tab) => tab.status === param)?.status ?? 'pending'
}

/** "Read 1 v3 by radiologist" */
export function readName(read: ReadSummary): string {
  return `Read ${read.read_number} v${read.version} by ${read.author ?? 'a former user'}`
}

/** "Read 1 v3 by radiologist, 3:05 on the case" (the reader's active time, when it was measured). */
export function describeRead(read: ReadSummary): string {
  const time = read.time_spent_s === null ? '' : `, ${formatClock(read.time_spent_s)} on the case`
  return `${readName(read)}${time}`
}

/**
 * Whether the caller wrote a read of this case. The server refuses their decision (a review is a second pair of
 * eyes), so the page says so instead of offering buttons that fail.
 */
export function readByMe(reads: readonly ReadSummary[], username: string | undefined): boolean {
  return username !== undefined && reads.some((read) => read.author === username)
}

/** After a decision: the oldest pending case the caller may decide, other than the one just decided (null: none). */
export function nextCase(
  items: readonly ReviewItem[],
  decided: string,
  username: string | undefined,
): ReviewItem | null {
  return (
    items.find((item) => item.patient_id !== decided && item.status === 'pending' && !readByMe(item.reads, username)) ??
    null
  )
}

/** How long a case has waited since its last change: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function waitingFor(sinceIso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - parseServerTime(sinceIso)) / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

/** The server's limit on a reviewer's comment (ReturnRequest.comment, the accept form's comment). */
export const COMMENT_MAX_LENGTH = 2000

/** Why the return cannot be sent as typed (null: it can): the reader needs to know what to change. */
export function returnProblem(comment: string): string | null {
  const trimmed = comment.trim()
  if (trimmed === '') return 'Say what the reader should change: a comment is required to return a case.'
  if (trimmed.length > COMMENT_MAX_LENGTH) return `Keep the comment under ${COMMENT_MAX_LENGTH} characters.`
  return null
}

/** A decision of the case's history, in words: "Returned to radiologist by lead" / "Accepted v3 (edited) by lead". */
export function describeDecision(decision: ReviewDecision): string {
  const by = decision.reviewer ? ` by ${decision.reviewer}` : ''
  const when = ` on ${formatDateTime(decision.at)}`
  if (decision.action === 'return') return `Returned to ${decision.to ?? 'its reader'}${by}${when}`
  const version = decision.version === null || decision.version === undefined ? '' : ` v${decision.version}`
  const edited = decision.edited ? " (the reviewer's edit)" : ' (as read)'
  return `Accepted${version}${edited}${by}${when}`
}

/** What the page says after a decision, on the next case or the queue. */
export function decisionFlash(
  externalId: string,
  decision:
    | { action: 'accept'; version: number; edited: boolean; consensus?: boolean }
    | { action: 'return'; to: string | null },
): string {
  if (decision.action === 'return') return `Returned ${externalId} to ${decision.to ?? 'its reader'}.`
  const what = decision.edited ? 'your edit' : decision.consensus ? 'the consensus' : 'the read'
  return `Accepted ${what} of ${externalId}: version ${decision.version} is its ground truth.`
}
