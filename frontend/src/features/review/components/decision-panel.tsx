import { useState } from 'react'
import type { ReturnReader } from '../utils/compare'
import { COMMENT_MAX_LENGTH, returnProblem } from '../utils/review'

/** Which decision is on its way to the server. */
export type PendingDecision = 'accept' | 'accept-edited' | 'return' | null

/**
 * The reviewer's three decisions on the read on screen, with one comment field: required to return the case (the
 * reader sees it over their read), an optional note kept with an acceptance. "Accept as is" accepts the mask the
 * drawing started from (the read, or a double-read case's chosen read or consensus) as it was submitted, whatever is
 * on screen; "Accept with my edits" uploads the drawing on screen, so it waits for an edit. With two readers the
 * reviewer picks whom a return goes to.
 */
export function DecisionPanel(props: {
  /** The tools are not ready, or the caller may not decide on this case. */
  disabled: boolean
  edited: boolean
  /** What "Accept as is" accepts, in words: "the read", "read 2", "the consensus". */
  startWords?: string
  /** The readers a return can go to; a choice is shown with two. */
  readers?: readonly ReturnReader[]
  pending: PendingDecision
  /** The server's refusal of the last attempt (409: decided meanwhile, 403...), shown in the panel. */
  error: string | null
  onAccept: (comment: string) => void
  onAcceptEdited: (comment: string) => void
  onReturn: (comment: string, readerId: string | null) => void
}) {
  const {
    disabled,
    edited,
    startWords = 'the read',
    readers = [],
    pending,
    error,
    onAccept,
    onAcceptEdited,
    onReturn,
  } = props
  const [comment, setComment] = useState('')
  const [readerId, setReaderId] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const busy = disabled || pending !== null

  function giveBack() {
    const found = returnProblem(comment)
    setProblem(found)
    if (found === null) onReturn(comment.trim(), readers.length > 1 ? (readerId ?? readers[0]?.id ?? null) : null)
  }

  return (
    <section className="card decision-panel" aria-labelledby="decision-title" data-testid="review-decision">
      <h3 id="decision-title">Decision</h3>
      <label htmlFor="review-comment">Comment for the reader</label>
      <textarea
        id="review-comment"
        data-testid="review-comment"
        rows={4}
        maxLength={COMMENT_MAX_LENGTH}
        aria-describedby="review-comment-hint"
        aria-invalid={problem !== null}
        value={comment}
        onChange={(e) => {
          setComment(e.target.value)
          setProblem(null)
        }}
      />
      <p id="review-comment-hint" className="muted">
        Required to return the case; kept as a note with an acceptance.
      </p>
      {(problem ?? error) && (
        <p role="alert" className="error" data-testid="review-error">
          {problem ?? error}
        </p>
      )}
      <button
        type="button"
        className="primary"
        data-testid="review-accept"
        disabled={busy}
        onClick={() => onAccept(comment)}
      >
        {pending === 'accept' ? 'Accepting…' : edited ? `Accept ${startWords} as is (drop my edits)` : 'Accept as is'}
      </button>
      <button
        type="button"
        data-testid="review-accept-edited"
        disabled={busy || !edited}
        title={edited ? 'Stores the mask on screen as a new version and accepts it' : 'Edit the mask first'}
        onClick={() => onAcceptEdited(comment)}
      >
        {pending === 'accept-edited' ? 'Accepting your edit…' : 'Accept with my edits'}
      </button>
      {readers.length > 1 && (
        <label className="return-reader">
          Return to{' '}
          <select
            data-testid="review-return-reader"
            value={readerId ?? readers[0]?.id}
            disabled={busy}
            onChange={(e) => setReaderId(e.target.value)}
          >
            {readers.map((reader) => (
              <option key={reader.id} value={reader.id}>
                {reader.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" data-testid="review-return" disabled={busy} onClick={giveBack}>
        {pending === 'return' ? 'Returning…' : 'Return to reader'}
      </button>
    </section>
  )
}
