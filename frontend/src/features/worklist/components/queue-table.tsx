import type { KeyboardEvent } from 'react'
import { Link } from 'react-router'
import { type DataColumn, DataTable } from '@/components/data-table'
import { SelectionReasonText } from '@/components/selection-reason'
import { formatMinutes, formatMoney, formatScore } from '@/lib/format'
import type { QueueItem } from '@/types/api'

/** Arrow keys move between the rows' Open links (Tab still works); Enter opens the focused case. */
function moveFocus(event: KeyboardEvent<HTMLTableSectionElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('[data-testid=queue-open]'))
  const index = links.indexOf(document.activeElement as HTMLAnchorElement)
  const next = links[Math.min(links.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]
  if (next) {
    event.preventDefault()
    next.focus()
  }
}

const QUEUE_COLUMNS: DataColumn<QueueItem>[] = [
  { header: 'Rank', cell: (item) => item.rank },
  {
    header: 'Patient',
    cell: (item) => (
      <>
        {item.external_id}
        {item.second_read && ' '}
        {item.second_read && (
          <span
            className="badge badge-warning"
            data-testid="queue-second-read"
            title="Another reader has read this case; you will not see their read"
          >
            Second read — read independently
          </span>
        )}
      </>
    ),
  },
  { header: 'Project', cell: (item) => item.project_name },
  {
    header: 'Round',
    cell: (item) => (
      <>
        {item.round_number}
        {item.reserved_by_me && (
          <span className="badge" data-testid="queue-reserved">
            {' '}
            reserved by you
          </span>
        )}
      </>
    ),
  },
  { header: 'Score', cell: (item) => formatScore(item.score) },
  {
    header: 'Why',
    cell: (item) => <SelectionReasonText reason={item.reason} />,
    testId: 'queue-reason',
  },
  { header: 'Cost', cell: (item) => formatMoney(item.cost, item.currency) },
  { header: 'Predicted reading time', cell: (item) => formatMinutes(item.predicted_minutes), testId: 'queue-minutes' },
  {
    header: <span className="visually-hidden">Action</span>,
    cell: (item) => (
      <Link
        to={`/annotate/${item.patient_id}`}
        data-testid="queue-open"
        aria-label={`Open ${item.external_id} for annotation`}
      >
        Open
      </Link>
    ),
  },
]

/** Suggested patients, best first. Each row's "Open" is a real link, so the table is keyboard-navigable. */
export function QueueTable({ items }: { items: QueueItem[] }) {
  return (
    <DataTable
      rows={items}
      rowKey={(item) => `${item.round_id}-${item.patient_id}`}
      rowProps={(item) => ({ 'data-testid': 'queue-row', 'data-patient-id': item.patient_id })}
      caption="Suggested patients"
      testId="queue-table"
      empty="No suggested patients right now."
      emptyTestId="queue-empty"
      onBodyKeyDown={moveFocus}
      columns={QUEUE_COLUMNS}
    />
  )
}
