import { type FormEvent, useState } from 'react'
import { REASON_MAX_LENGTH, reasonProblem } from '../utils/correction'

/**
 * The lead's (or admin's) ground-truth correction, kept apart from a reader's Submit: it replaces the patient's
 * accepted label (validation and imported ground truth included), so it asks for a reason that goes to the audit
 * log. Closed it is one button; opened, a small form.
 */
export function CorrectionForm({
  disabled,
  pending,
  baseVersion,
  error,
  onCorrect,
}: {
  disabled: boolean
  pending: boolean
  /** The accepted version the drawing started from (null: the patient has no ground truth yet). */
  baseVersion: number | null
  /** The server's refusal of the last attempt (403, 409...), shown inside the form. */
  error: string | null
  onCorrect: (reason: string) => void
}) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  if (!open) {
    return (
      <button type="button" data-testid="correct-ground-truth" disabled={disabled} onClick={() => setOpen(true)}>
        Correct ground truth…
      </button>
    )
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = reasonProblem(reason)
    setProblem(found)
    if (found === null) onCorrect(reason.trim())
  }

  return (
    <form
      className="card correction-form"
      aria-labelledby="correction-title"
      data-testid="correction-form"
      onSubmit={submit}
    >
      <h3 id="correction-title">Correct ground truth</h3>
      <p className="muted">
        The mask on screen becomes this patient&apos;s ground truth as a new version with source
        &ldquo;correction&rdquo;
        {baseVersion === null ? '' : `, replacing version ${baseVersion}`}. Rounds train and validate on it; it is never
        charged and it is audited with your reason.
      </p>
      <label htmlFor="correction-reason">Reason (required)</label>
      <textarea
        id="correction-reason"
        data-testid="correction-reason"
        required
        rows={3}
        maxLength={REASON_MAX_LENGTH}
        value={reason}
        aria-invalid={problem !== null}
        onChange={(e) => setReason(e.target.value)}
      />
      {(problem ?? error) && (
        <p role="alert" className="error" data-testid="correction-error">
          {problem ?? error}
        </p>
      )}
      <div className="form-row">
        <button type="submit" className="primary" data-testid="correction-save" disabled={disabled || pending}>
          {pending ? 'Saving correction…' : 'Save correction'}
        </button>
        <button type="button" disabled={pending} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
