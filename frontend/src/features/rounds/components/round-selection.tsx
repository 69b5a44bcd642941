import { useState } from 'react'
import { DataTable } from '@/components/data-table'
import { SelectionReasonText } from '@/components/selection-reason'
import { formatMinutes, formatMoney, formatScore } from '@/lib/format'
import type { Round, RoundScore } from '@/types/api'
import { useSelectedScores } from '../api/get-scores'
import { proposedSelection, summarizeSelection } from '../utils/review'
import { ROUND_STATE_WORDS } from '../utils/round-status'

/** Statuses in which a round has a published selection to look back on. */
const FINISHED = new Set<Round['status']>(['ready', 'annotating', 'closed'])

export function hasPublishedSelection(round: Round): boolean {
  return FINISHED.has(round.status)
}

/** `chosen`: the round's whole selection; `scored`: how many patients it scored (its metrics), when known. */
function SelectionTable({ chosen, scored, currency }: { chosen: RoundScore[]; scored?: number; currency: string }) {
  const summary = summarizeSelection(chosen, proposedSelection(chosen), 0)
  const money = (value: number) => formatMoney(value, currency)
  return (
    <>
      <DataTable
        rows={chosen}
        rowKey={(s) => s.patient_id}
        rowProps={() => ({ 'data-testid': 'selection-row' })}
        caption="The patients this round selected, best first"
        empty="This round selected no patient."
        columns={[
          { header: 'Rank', cell: (s) => s.rank },
          { header: 'Patient', cell: (s) => s.external_id },
          { header: 'Score', cell: (s) => formatScore(s.score) },
          { header: 'Why', cell: (s) => <SelectionReasonText reason={s.reason} /> },
          { header: 'Predicted cost', cell: (s) => money(s.cost), testId: 'selection-cost' },
          { header: 'Predicted reading time', cell: (s) => formatMinutes(s.predicted_minutes) },
        ]}
      />
      <p data-testid="selection-total">
        {summary.count} selected · {money(summary.total)} at today&apos;s prices
        {summary.minutes !== null && summary.count > 0 && ` · ${formatMinutes(summary.minutes)} predicted reading time`}
        {scored !== undefined && ` · of ${scored} scored`}
      </p>
    </>
  )
}

function SelectionBody({ round, currency }: { round: Round; currency: string }) {
  // Only the selection is read (every page of it, bounded by the batch size), never the round's other scores.
  const chosen = useSelectedScores(round.id)
  if (chosen.isPending) return <p role="status">Loading the selection…</p>
  if (chosen.error) return <p role="alert">{chosen.error.message}</p>
  return <SelectionTable chosen={chosen.data} scored={round.metrics.n_scored} currency={currency} />
}

/**
 * A published round's selection: which patients it chose, with their scores, why, and what each is predicted to
 * cost. The newest opens by itself; older ones load when opened.
 */
export function RoundSelection({
  round,
  currency,
  initiallyOpen,
}: {
  round: Round
  currency: string
  initiallyOpen: boolean
}) {
  const [open, setOpen] = useState(initiallyOpen)
  return (
    <details
      className="card round-selection"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="round-selection"
      data-round={round.number}
    >
      <summary>
        <strong>Round {round.number} selection</strong>{' '}
        <span className="muted">
          ({round.strategy}, {ROUND_STATE_WORDS[round.status]})
        </span>
      </summary>
      {open && <SelectionBody round={round} currency={currency} />}
    </details>
  )
}
