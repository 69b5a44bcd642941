import { parseServerTime } from '@/lib/format'
import type { CaseMasks, StartingMask } from '@/types/api'

/**
 * The mask the viewer opens with. The server decides it for a reader (`masks.starting`: their draft, else their read
 * waiting for review, else the accepted annotation, else the prediction, else empty); a lead's correction is never
 * autosaved and never a read, so it starts from the ground truth it corrects even where the lead has a draft or a
 * read of the case from their own queue.
 */
export function startingMask(masks: CaseMasks, correcting: boolean): StartingMask {
  if (!correcting || (masks.starting !== 'draft' && masks.starting !== 'read')) return masks.starting
  if (masks.accepted) return 'accepted'
  if (masks.prediction) return 'prediction'
  return 'empty'
}

/** "12:03" today, "3/14/26, 12:03" before: when the draft was last autosaved, in the reader's own clock. */
export function formatSavedAt(iso: string, now: Date = new Date()): string {
  const saved = new Date(parseServerTime(iso))
  const time = saved.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  return saved.toDateString() === now.toDateString()
    ? time
    : `${saved.toLocaleDateString(undefined, { dateStyle: 'short' })}, ${time}`
}

/** What the page says it opened: which mask, and the version and author, or the round, that make it trustworthy. */
export function describeStartingMask(start: StartingMask, masks: CaseMasks, now: Date = new Date()): string {
  switch (start) {
    case 'draft':
      return masks.draft ? `Your draft (saved ${formatSavedAt(masks.draft.updated_at, now)})` : 'Your draft'
    case 'read': {
      const read = masks.read
      if (!read) return 'Your read'
      if (read.review_status === 'returned') {
        return `Your read v${read.version}, returned by ${read.reviewer ?? 'the reviewer'}`
      }
      return `Your read v${read.version} (waiting for review)`
    }
    case 'accepted': {
      const accepted = masks.accepted
      if (!accepted) return 'Accepted annotation'
      const version = `Annotation v${accepted.version}`
      if (accepted.source === 'import') return `${version} (imported)`
      const by = accepted.author ? ` by ${accepted.author}` : ''
      if (accepted.source === 'correction') return `${version}${by} (ground-truth correction)`
      return accepted.source === 'review' ? `${version}${by} (reviewer's edit)` : `${version}${by}`
    }
    case 'prediction':
      return masks.prediction ? `Model prediction, round ${masks.prediction.round_number}` : 'Model prediction'
    case 'empty':
      return 'No prediction: empty mask'
  }
}
