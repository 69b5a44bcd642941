import { useMemo, useState } from 'react'
import { DataTable } from '@/components/data-table'
import { LoadMore } from '@/components/load-more'
import { SelectionReasonText } from '@/components/selection-reason'
import { formatMinutes, formatMoney, formatScore } from '@/lib/format'
import { pageRows } from '@/lib/paging'
import type { Round, RoundScore } from '@/types/api'
import { useApproveRound } from '../api/approve-round'
import { useRoundScores, useSelectedScores } from '../api/get-scores'
import {
  knownScores,
  proposedSelection,
  selectionInRankOrder,
  summarizeSelection,
  toggleSelection,
} from '../utils/review'

/** A round in review: the lead checks its proposed selection against the budget, changes it, and publishes it. */
export function RoundReview({
  projectId,
  round,
  budgetRemaining,
  currency,
}: {
  projectId: string
  round: Round
  budgetRemaining: number
  currency: string
}) {
  // The table pages through every score; the proposed selection is read whole, so the review starts from all of it.
  const scores = useRoundScores(round.id)
  const proposed = useSelectedScores(round.id)
  const loaded = useMemo(() => pageRows(scores.data?.pages), [scores.data])
  const error = scores.error ?? proposed.error
  return (
    <section className="card" aria-labelledby={`review-${round.id}`} data-testid="round-review">
      <h3 id={`review-${round.id}`}>Round {round.number}: review the selection</h3>
      {(scores.isPending || proposed.isPending) && <p role="status">Loading the proposed selection…</p>}
      {error && <p role="alert">{error.message}</p>}
      {scores.data && proposed.data && (
        <>
          <ReviewForm
            projectId={projectId}
            round={round}
            scores={loaded}
            proposed={proposed.data}
            budgetRemaining={budgetRemaining}
            currency={currency}
          />
          <LoadMore
            hasMore={scores.hasNextPage}
            loading={scores.isFetchingNextPage}
            onLoad={() => void scores.fetchNextPage()}
            testId="review-load-more"
            what="scored patients"
          />
        </>
      )}
    </section>
  )
}

function ReviewForm({
  projectId,
  round,
  scores,
  proposed,
  budgetRemaining,
  currency,
}: {
  projectId: string
  round: Round
  /** The loaded pages of the round's scores, in rank order. */
  scores: RoundScore[]
  /** The round's whole proposed selection. */
  proposed: RoundScore[]
  budgetRemaining: number
  currency: string
}) {
  const [selection, setSelection] = useState(() => proposedSelection(proposed))
  const approve = useApproveRound(projectId, round.id)
  const known = useMemo(() => knownScores(scores, proposed), [scores, proposed])
  const summary = summarizeSelection(known, selection, budgetRemaining)
  const money = (value: number) => formatMoney(value, currency)
  return (
    <>
      <DataTable
        rows={scores}
        rowKey={(s) => s.patient_id}
        rowProps={() => ({ 'data-testid': 'review-row' })}
        caption="Scored patients, best first; the checked ones go to the queue"
        testId="review-table"
        columns={[
          {
            header: 'Select',
            cell: (s) => (
              <input
                type="checkbox"
                aria-label={`Select ${s.external_id}`}
                checked={selection.has(s.patient_id)}
                onChange={() => setSelection((current) => toggleSelection(current, s.patient_id))}
              />
            ),
          },
          { header: 'Rank', cell: (s) => s.rank },
          { header: 'Patient', cell: (s) => s.external_id },
          { header: 'Score', cell: (s) => formatScore(s.score) },
          { header: 'Why', cell: (s) => <SelectionReasonText reason={s.reason} /> },
          { header: 'Cost', cell: (s) => money(s.cost) },
          {
            header: 'Predicted reading time',
            cell: (s) => formatMinutes(s.predicted_minutes),
            testId: 'review-minutes',
          },
        ]}
      />
      <p data-testid="review-total" className={summary.overBudget ? 'error' : undefined}>
        {summary.count} selected · total {money(summary.total)} of {money(summary.remaining)} remaining
        {summary.overBudget ? ` · over budget by ${money(-summary.left)}` : ` · ${money(summary.left)} left`}
        {summary.minutes !== null && summary.count > 0 && (
          <span data-testid="review-minutes-total"> · {formatMinutes(summary.minutes)} predicted reading time</span>
        )}
      </p>
      <button
        type="button"
        disabled={approve.isPending || summary.overBudget}
        onClick={() => approve.mutate(selectionInRankOrder(known, selection))}
      >
        Approve and publish
      </button>
      {approve.error && (
        <p role="alert" className="error">
          {approve.error.message}
        </p>
      )}
    </>
  )
}
