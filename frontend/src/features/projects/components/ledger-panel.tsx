import type { ChartConfiguration } from 'chart.js'
import { useMemo } from 'react'
import { type DataColumn, DataTable } from '@/components/data-table'
import { LoadMore } from '@/components/load-more'
import { LazyChart } from '@/features/admin/components/chart'
import { formatDateTime, formatMoney } from '@/lib/format'
import type { Ledger, LedgerEntry } from '@/types/api'
import { useLedger } from '../api/get-ledger'

/** A burn-down needs two points to draw a line; with fewer the panel says so instead of an empty chart. */
export const MIN_BURN_DOWN_POINTS = 2

function ledgerColumns(currency: string): DataColumn<LedgerEntry>[] {
  const money = (value: number) => formatMoney(value, currency)
  return [
    { header: 'When', cell: (entry) => formatDateTime(entry.created_at) },
    { header: 'Who', cell: (entry) => entry.user ?? 'system' },
    { header: 'What', cell: (entry) => (entry.kind === 'annotation' ? 'debit' : 'budget change') },
    { header: 'Why', cell: (entry) => entry.reason },
    { header: 'Amount', cell: (entry) => (entry.amount > 0 ? `+${money(entry.amount)}` : money(entry.amount)) },
    { header: 'Remaining', cell: (entry) => money(entry.remaining_after) },
  ]
}

function burnDownConfig(ledger: Ledger, currency: string): ChartConfiguration {
  const labels = ledger.burn_down.map((_, index) => String(index + 1))
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'remaining', data: ledger.burn_down.map((p) => p.remaining), borderColor: '#1f5fbf', stepped: true },
        {
          label: 'total',
          data: ledger.burn_down.map((p) => p.total),
          borderColor: '#999',
          borderDash: [4, 4],
          stepped: true,
        },
      ],
    },
    options: {
      scales: {
        // One point per entry, or per 1/500 of the entries on a long ledger (the server downsamples).
        x: { title: { display: true, text: 'ledger entries' } },
        y: { beginAtZero: true, title: { display: true, text: `budget (${currency})` } },
      },
    },
  }
}

/** The budget ledger: the credits and debits with who, when and why (newest first, a page at a time), the remaining
 * budget and the burn-down of the whole ledger. */
export function LedgerPanel({ projectId, currency }: { projectId: string; currency: string }) {
  const ledger = useLedger(projectId)
  const config = useMemo(
    () =>
      ledger.data && ledger.data.burn_down.length >= MIN_BURN_DOWN_POINTS
        ? burnDownConfig(ledger.data, currency)
        : null,
    [ledger.data, currency],
  )
  const columns = useMemo(() => ledgerColumns(currency), [currency])
  const money = (value: number) => formatMoney(value, currency)
  if (ledger.isPending) return <p role="status">Loading ledger…</p>
  if (ledger.error) return <p role="alert">{ledger.error.message}</p>
  const l = ledger.data
  if (!l) return null
  return (
    <section className="card" aria-labelledby="ledger-title" data-testid="ledger">
      <h2 id="ledger-title">Budget ledger</h2>
      <p>
        Total {money(l.budget_total)} · spent {money(l.budget_spent)} ·{' '}
        <strong data-testid="ledger-remaining">remaining {money(l.budget_remaining)}</strong>
        {!l.balanced && (
          <span role="alert" className="error">
            {' '}
            · the ledger does not add up to the project's budget
          </span>
        )}
      </p>
      {config ? (
        <LazyChart config={config} label="Budget burn-down" testId="burn-down" height={200} />
      ) : (
        <p className="muted" data-testid="burn-down-empty">
          Not enough entries yet for a burn-down chart: it appears once the ledger holds {MIN_BURN_DOWN_POINTS} entries
          (the opening budget and a first debit or change).
        </p>
      )}
      <DataTable
        rows={l.entries}
        rowKey={(entry) => entry.id}
        rowProps={(entry) => ({ 'data-kind': entry.kind })}
        caption="Credits and debits, newest first"
        columns={columns}
      />
      <LoadMore
        hasMore={ledger.hasNextPage}
        loading={ledger.isFetchingNextPage}
        onLoad={() => void ledger.fetchNextPage()}
        testId="ledger-load-more"
        what="ledger entries"
      />
    </section>
  )
}
