import type { ChartConfiguration } from 'chart.js'
import { useMemo } from 'react'
import { type DataColumn, DataTable } from '@/components/data-table'
import { LazyChart } from '@/features/admin/components/chart'
import { formatDateTime, formatMoney } from '@/lib/format'
import type { Ledger, LedgerEntry } from '@/types/api'
import { useLedger } from '../api/get-ledger'

const LEDGER_COLUMNS: DataColumn<LedgerEntry>[] = [
  { header: 'When', cell: (entry) => formatDateTime(entry.created_at) },
  { header: 'Who', cell: (entry) => entry.user ?? 'system' },
  { header: 'What', cell: (entry) => (entry.kind === 'annotation' ? 'debit' : 'budget change') },
  { header: 'Why', cell: (entry) => entry.reason },
  {
    header: 'Amount',
    cell: (entry) => (entry.amount > 0 ? `+${formatMoney(entry.amount)}` : formatMoney(entry.amount)),
  },
  { header: 'Remaining', cell: (entry) => formatMoney(entry.remaining_after) },
]

function burnDownConfig(ledger: Ledger): ChartConfiguration {
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
        x: { title: { display: true, text: 'ledger entry' } },
        y: { beginAtZero: true, title: { display: true, text: 'budget' } },
      },
    },
  }
}

/** The budget ledger: every credit and debit with who, when and why, the remaining budget and a burn-down. */
export function LedgerPanel({ projectId }: { projectId: string }) {
  const ledger = useLedger(projectId)
  const config = useMemo(() => (ledger.data ? burnDownConfig(ledger.data) : null), [ledger.data])
  if (ledger.isPending) return <p role="status">Loading ledger…</p>
  if (ledger.error) return <p role="alert">{ledger.error.message}</p>
  const l = ledger.data
  return (
    <section className="card" aria-labelledby="ledger-title" data-testid="ledger">
      <h2 id="ledger-title">Budget ledger</h2>
      <p>
        Total {formatMoney(l.budget_total)} · spent {formatMoney(l.budget_spent)} ·{' '}
        <strong data-testid="ledger-remaining">remaining {formatMoney(l.budget_remaining)}</strong>
        {!l.balanced && (
          <span role="alert" className="error">
            {' '}
            · the ledger does not add up to the project's budget
          </span>
        )}
      </p>
      {config && <LazyChart config={config} label="Budget burn-down" testId="burn-down" height={200} />}
      <DataTable
        rows={l.entries}
        rowKey={(entry) => entry.id}
        rowProps={(entry) => ({ 'data-kind': entry.kind })}
        caption="Every credit and debit, oldest first"
        columns={LEDGER_COLUMNS}
      />
    </section>
  )
}
