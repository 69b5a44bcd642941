import { formatDateTime } from '@/lib/format'
import type { ReadMask } from '@/types/api'

/**
 * Over a case in review that the reader opens again: a returned read says who returned it and what to change (the
 * reviewer's comment, as written); a read still waiting says so, and that a new submission replaces it.
 */
export function ReviewBanner({ read }: { read: ReadMask | null | undefined }) {
  if (!read) return null
  if (read.review_status === 'returned') {
    return (
      <section
        className="card review-banner"
        role="note"
        aria-labelledby="returned-banner-title"
        data-testid="returned-banner"
      >
        <h2 id="returned-banner-title">Returned by {read.reviewer ?? 'the reviewer'}</h2>
        {read.comment && (
          <blockquote className="review-comment" data-testid="returned-comment">
            {read.comment}
          </blockquote>
        )}
        <p className="muted">
          The viewer shows your read v{read.version} (submitted {formatDateTime(read.created_at)}). Fix it and submit
          again: it goes back to the reviewer.
        </p>
      </section>
    )
  }
  return (
    <p className="muted" data-testid="in-review-note">
      Your read v{read.version} waits for review. You may still revise it: submitting again replaces it in the
      reviewer&apos;s queue.
    </p>
  )
}
