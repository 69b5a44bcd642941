import { Link } from 'react-router'
import { type BackLink, patientPagePath } from '@/features/patients/utils/patient-page'
import { versionOrigin } from '@/features/patients/utils/mask-versions'
import { formatClock, formatDateTime } from '@/lib/format'
import type { ReviewDetail } from '@/types/api'
import { describeDecision } from '../utils/review'

/**
 * What happened to the case so far: every mask version of the patient, newest first (each one opens read-only, to
 * compare with what is on screen), and every review decision with its comment.
 */
export function ReviewHistory({ review, shown }: { review: ReviewDetail; shown: string | null }) {
  const back: BackLink = { back: `/review/${encodeURIComponent(review.patient_id)}` }
  const versions = [...review.history].sort((a, b) => b.version - a.version)
  return (
    <section className="card review-history" aria-labelledby="review-history-title" data-testid="review-history">
      <h2 id="review-history-title">History</h2>
      <div className="review-history-columns">
        <div>
          <h3>Versions</h3>
          <ol className="review-versions" data-testid="review-versions">
            {versions.map((version) => (
              <li key={version.id} data-version={version.version}>
                <strong>v{version.version}</strong> · {versionOrigin(version)} · {formatDateTime(version.created_at)}
                {version.time_spent_s !== null && ` · ${formatClock(version.time_spent_s)} on the case`}
                {version.id === shown && <span className="badge"> on screen</span>}{' '}
                <Link
                  to={`${patientPagePath(review.project_id, review.patient_id)}?mask=v${version.version}`}
                  state={back}
                  aria-label={`View version ${version.version} read-only`}
                >
                  view
                </Link>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h3>Decisions</h3>
          {review.decisions.length === 0 ? (
            <p className="muted" data-testid="review-no-decisions">
              No decision yet.
            </p>
          ) : (
            <ol className="review-decisions" data-testid="review-decisions">
              {review.decisions.map((decision, index) => (
                <li key={`${decision.at}-${index}`} data-action={decision.action}>
                  {describeDecision(decision)}
                  {decision.review_time_s != null && (
                    <span className="muted"> ({formatClock(decision.review_time_s)} reviewing)</span>
                  )}
                  {decision.comment && <blockquote className="review-comment">{decision.comment}</blockquote>}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  )
}
