import { Link } from 'react-router'
import { DataTable } from '@/components/data-table'
import { formatDateTime } from '@/lib/format'
import type { ReturnedCase } from '@/types/api'
import { useReturnedCases } from '../api/get-returned'

/**
 * Cases a reviewer sent back to the reader, above the suggestions: each with who returned it, when, and what to
 * change. Shown only while there are any (a reader in a project without review never sees it).
 */
export function ReturnedCases() {
  const returned = useReturnedCases()
  if (returned.error) {
    return (
      <p role="alert" className="error">
        Could not load the cases returned to you: {returned.error.message}
      </p>
    )
  }
  if (!returned.data || returned.data.length === 0) return null
  return (
    <section className="card returned-cases" aria-labelledby="returned-title" data-testid="returned-cases">
      <h2 id="returned-title">Returned to you</h2>
      <p className="muted">
        A reviewer sent these reads back with a comment. Fix them and submit again: they go back to the reviewer.
      </p>
      <DataTable<ReturnedCase>
        rows={returned.data}
        rowKey={(item) => item.patient_id}
        rowProps={(item) => ({ 'data-testid': 'returned-row', 'data-patient-id': item.patient_id })}
        caption="Cases returned to you, oldest first"
        columns={[
          { header: 'Patient', cell: (item) => item.external_id },
          { header: 'Project', cell: (item) => item.project_name },
          { header: 'Returned by', cell: (item) => item.reviewer ?? '–' },
          { header: 'Returned at', cell: (item) => formatDateTime(item.returned_at) },
          { header: 'Comment', cell: (item) => item.comment ?? '–', className: 'review-comment-cell' },
          {
            header: <span className="visually-hidden">Action</span>,
            cell: (item) => (
              <Link
                to={`/annotate/${item.patient_id}`}
                data-testid="returned-open"
                aria-label={`Open ${item.external_id} to fix your read`}
              >
                Fix
              </Link>
            ),
          },
        ]}
      />
    </section>
  )
}
