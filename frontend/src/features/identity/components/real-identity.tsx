import { useId } from 'react'
import { formatPersonName } from '@/lib/format'
import { useRevealIdentity } from '../api/get-identity'

/**
 * "Show real identity" for a lead: asks the server for the identifiers de-identification replaced. The page says
 * beforehand that the look is audited; the answer is kept only while the component is shown (Hide forgets it).
 */
export function RealIdentity({
  projectId,
  patientId,
  pseudonym,
  compact = false,
}: {
  projectId: string
  patientId: string
  /** What readers see for this patient (its external id), to name it in the button for screen readers. */
  pseudonym: string
  compact?: boolean
}) {
  const reveal = useRevealIdentity(projectId, patientId)
  const hintId = useId()
  const identity = reveal.data
  if (identity) {
    return (
      <span className="identity" data-testid="real-identity">
        <span className="identity-value">
          <strong data-testid="real-patient-id">{identity.real_patient_id}</strong>
          {identity.real_patient_name && <> · {formatPersonName(identity.real_patient_name)}</>}
          {identity.date_shift_days !== 0 && (
            <span className="muted">
              {' '}
              · dates shifted by {identity.date_shift_days > 0 ? '+' : ''}
              {identity.date_shift_days} days
            </span>
          )}
        </span>{' '}
        <button type="button" onClick={() => reveal.reset()}>
          Hide
        </button>
      </span>
    )
  }
  return (
    <span className="identity">
      <button
        type="button"
        disabled={reveal.isPending}
        aria-describedby={compact ? undefined : hintId}
        aria-label={compact ? `Show the real identity of ${pseudonym} (audited)` : undefined}
        title={compact ? 'The look is recorded in the audit log' : undefined}
        onClick={() => reveal.mutate()}
        data-testid="show-real-identity"
      >
        {reveal.isPending ? 'Looking up…' : 'Show real identity'}
      </button>
      {!compact && (
        <span id={hintId} className="muted">
          {' '}
          Leads only; each look is recorded in the audit log with your name.
        </span>
      )}
      {reveal.error && (
        <span role="alert" className="error">
          {' '}
          {reveal.error.message}
        </span>
      )}
    </span>
  )
}
