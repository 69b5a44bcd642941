import { Fragment } from 'react'
import type { SelectionReason } from '@/types/api'

/**
 * Why a round chose a case, as a sentence a reader can act on ("The model is unsure about the 2.4 ml it predicts and
 * 1.1 ml around it"), with the score's figures one click away in a disclosure, for whoever wants them.
 */
export function SelectionReasonText({ reason }: { reason: SelectionReason }) {
  return (
    <div className="selection-reason" data-kind={reason.kind}>
      <span data-testid="reason-summary">{reason.summary}</span>
      {reason.figures.length > 0 && (
        <details className="reason-figures" data-testid="reason-figures">
          <summary>The numbers</summary>
          <dl>
            {reason.figures.map((figure) => (
              <Fragment key={figure.name}>
                <dt title={figure.name}>{figure.label}</dt>
                <dd>{figure.text}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
    </div>
  )
}
