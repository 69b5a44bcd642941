import type { KeyboardEvent } from 'react'
import { Link } from 'react-router'
import { formatMinutes, formatMoney, formatScore } from '@/lib/format'
import type { QueueItem } from '@/types/api'
import { describeComponents } from '../utils/queue'

/** Suggested patients, best first. Each row's "Open" is a real link, so the table is keyboard-navigable. */
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

export function QueueTable({ items }: { items: QueueItem[] }) {
  if (items.length === 0) return <p data-testid="queue-empty">No suggested patients right now.</p>
  return (
    <table data-testid="queue-table">
      <caption>Suggested patients</caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Patient</th>
          <th scope="col">Project</th>
          <th scope="col">Round</th>
          <th scope="col">Score</th>
          <th scope="col">Why</th>
          <th scope="col">Cost</th>
          <th scope="col">Predicted reading time</th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody onKeyDown={moveFocus}>
        {items.map((item) => (
          <tr key={`${item.round_id}-${item.patient_id}`} data-testid="queue-row" data-patient-id={item.patient_id}>
            <td>{item.rank}</td>
            <td>{item.external_id}</td>
            <td>{item.project_name}</td>
            <td>
              {item.round_number}
              {item.reserved_by_me && (
                <span className="badge" data-testid="queue-reserved">
                  {' '}
                  reserved by you
                </span>
              )}
            </td>
            <td>{formatScore(item.score)}</td>
            <td className="muted" data-testid="queue-reason">
              {item.strategy}: {describeComponents(item.components)}
            </td>
            <td>{formatMoney(item.cost)}</td>
            <td data-testid="queue-minutes">{formatMinutes(item.predicted_minutes)}</td>
            <td>
              <Link
                to={`/annotate/${item.patient_id}`}
                data-testid="queue-open"
                aria-label={`Open ${item.external_id} for annotation`}
              >
                Open
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
