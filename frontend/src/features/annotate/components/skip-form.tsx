import { useState } from 'react'
import type { SkipReason } from '@/types/api'

const REASONS: { value: SkipReason; label: string }[] = [
  { value: 'poor_quality', label: 'Poor image quality' },
  { value: 'out_of_scope', label: 'Out of scope' },
  { value: 'other', label: 'Other' },
]

/** Set the case aside with a reason: it leaves the queue and the lead sees it. */
export function SkipForm({
  disabled,
  onSkip,
}: {
  disabled: boolean
  onSkip: (reason: SkipReason, note: string) => void
}) {
  const [reason, setReason] = useState<SkipReason>('poor_quality')
  const [note, setNote] = useState('')
  return (
    <form
      className="card skip-form"
      aria-labelledby="skip-title"
      onSubmit={(event) => {
        event.preventDefault()
        onSkip(reason, note)
      }}
    >
      <h3 id="skip-title">Skip this case</h3>
      <label htmlFor="skip-reason">Reason</label>
      <select
        id="skip-reason"
        data-testid="skip-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value as SkipReason)}
      >
        {REASONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <label htmlFor="skip-note">Note for the lead (optional)</label>
      <input
        id="skip-note"
        data-testid="skip-note"
        value={note}
        maxLength={2000}
        onChange={(e) => setNote(e.target.value)}
      />
      <button type="submit" data-testid="skip-submit" disabled={disabled}>
        Skip case
      </button>
    </form>
  )
}
