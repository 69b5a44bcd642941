import { useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { usePatient } from '@/features/annotate/api/get-patient'
import { type BackLink, patientPagePath } from '@/features/patients/utils/patient-page'
import { getReviewsPage, useReviewCase } from '@/features/review/api/get-reviews'
import { ReviewHistory } from '@/features/review/components/review-history'
import { ReviewWorkspace } from '@/features/review/components/review-workspace'
import { compareMasks, defaultStart } from '@/features/review/utils/compare'
import { REVIEW_STATUS_WORDS, nextCase, readByMe } from '@/features/review/utils/review'
import { useUser } from '@/lib/auth'
import type { ReviewFlash } from './review-queue'

/**
 * One case for its reviewer (`/review/<patient>`): the consensus of a double-read case or else the latest read in the
 * viewer (the reviewer may switch), the decisions, the case's history.
 * After a decision the reviewer goes straight on to the oldest case still waiting (or back to the queue when none
 * is left), with what they did said at the top.
 */
export function ReviewRoute() {
  const { patientId = '' } = useParams()
  const patient = usePatient(patientId)
  const review = useReviewCase(patientId)
  const navigate = useNavigate()
  const { data: user } = useUser()
  const flash = (useLocation().state as ReviewFlash | null)?.flash
  // The mask the reviewer switched the drawing to, for the history's "on screen" (null: the one it opened with).
  const [shownId, setShownId] = useState<string | null>(null)

  async function decided(message: string) {
    const state: ReviewFlash = { flash: message }
    // The queue as it is after this decision, fetched fresh: a colleague may have taken the case that was next.
    const next = await getReviewsPage('pending')
      .then((page) => nextCase(page.data, patientId, user?.username))
      .catch(() => null)
    void navigate(next ? `/review/${encodeURIComponent(next.patient_id)}` : '/review', { state })
  }

  const error = patient.error ?? review.error
  if (error) {
    return (
      <>
        <p>
          <Link to="/review">← Back to review queue</Link>
        </p>
        <p role="alert">{error.message}</p>
      </>
    )
  }
  const p = patient.data
  const r = review.data
  // Both fetched for this visit: the reader may have resubmitted, a colleague decided, since a cached copy.
  if (!p || !r || !patient.isFetchedAfterMount || !review.isFetchedAfterMount) {
    return <p role="status">Loading case…</p>
  }
  const start = defaultStart(compareMasks(r))
  const ownRead = readByMe(r.reads, user?.username)
  const back: BackLink = { back: `/review/${encodeURIComponent(p.id)}` }
  return (
    <>
      <p>
        <Link to="/review">← Back to review queue</Link>
      </p>
      {flash && (
        <p role="status" className="flash" data-testid="flash">
          {flash}
        </p>
      )}
      <h1>
        Review of patient {p.external_id}{' '}
        <span className="muted">
          ({r.project_name}, {p.modality}, {p.shape.join(' × ')})
        </span>
      </h1>
      {r.status !== 'pending' && (
        <p className="card" role="note" data-testid="review-not-pending">
          This case is {REVIEW_STATUS_WORDS[r.status]}
          {r.reviewer ? ` (last decision by ${r.reviewer})` : ''}: there is nothing to decide now.{' '}
          <Link to={patientPagePath(p.project_id, p.id)} state={back}>
            View it read-only
          </Link>
        </p>
      )}
      {r.status === 'pending' && ownRead && (
        <p className="card" role="note" data-testid="review-own-read">
          You read this case yourself: another reviewer decides on it. You can look at it here.
        </p>
      )}
      {r.status === 'pending' && start && (
        <ReviewWorkspace
          key={p.id}
          patient={p}
          review={r}
          start={start}
          canDecide={!ownRead}
          onDecided={(message) => void decided(message)}
          onShown={setShownId}
        />
      )}
      <ReviewHistory review={r} shown={r.status === 'pending' ? (shownId ?? start?.annotationId ?? null) : null} />
    </>
  )
}
