import { Link } from 'react-router'
import { type DataColumn, DataTable } from '@/components/data-table'
import { type BackLink, patientPagePath } from '@/features/patients/utils/patient-page'
import { formatClock, formatDateTime } from '@/lib/format'
import type { ReviewItem, ReviewStatus } from '@/types/api'
import { describeRead, readByMe, waitingFor } from '../utils/review'

/** The reads of a case, one line each: who read it, which version, their active time, when. */
function Reads({ item }: { item: ReviewItem }) {
  return (
    <ul className="review-reads">
      {item.reads.map((read) => (
        <li key={read.annotation_id}>
          {describeRead(read)} <span className="muted">({formatDateTime(read.created_at)})</span>
        </li>
      ))}
    </ul>
  )
}

/**
 * The reviewer's queue in one state. Pending cases open the review workspace, except the caller's own reads (the
 * server refuses their decision); decided or returned cases open the read-only patient page.
 */
export function ReviewQueueTable(props: {
  items: readonly ReviewItem[]
  status: ReviewStatus
  username: string | undefined
  now: number
}) {
  const { items, status, username, now } = props
  const back: BackLink = { back: `/review?status=${status}` }
  const columns: (DataColumn<ReviewItem> | false)[] = [
    { header: 'Patient', cell: (item) => item.external_id },
    { header: 'Project', cell: (item) => item.project_name },
    { header: 'Reads', cell: (item) => <Reads item={item} />, testId: 'review-reads' },
    status === 'pending' && {
      header: 'Waiting since',
      cell: (item) => (
        <>
          {formatDateTime(item.updated_at)} <span className="muted">({waitingFor(item.updated_at, now)})</span>
        </>
      ),
      testId: 'review-waiting',
    },
    status === 'returned' && { header: 'Returned to', cell: (item) => item.returned_to ?? '–' },
    status !== 'pending' && { header: 'Reviewer', cell: (item) => item.reviewer ?? '–' },
    status !== 'pending' && {
      header: 'Comment',
      cell: (item) => item.comment ?? '–',
      className: 'review-comment-cell',
    },
    status !== 'pending' && { header: 'Decided', cell: (item) => formatDateTime(item.updated_at) },
    status === 'accepted' && { header: 'Review time', cell: (item) => formatClock(item.review_time_s) },
    {
      header: <span className="visually-hidden">Action</span>,
      cell: (item) => {
        if (status === 'pending' && readByMe(item.reads, username)) {
          return (
            <span className="muted" data-testid="review-own-read" title="Another reviewer decides on a case you read">
              Read by you
            </span>
          )
        }
        if (status === 'pending') {
          return (
            <Link
              to={`/review/${encodeURIComponent(item.patient_id)}`}
              data-testid="review-open"
              aria-label={`Review ${item.external_id}`}
            >
              Review
            </Link>
          )
        }
        return (
          <Link to={patientPagePath(item.project_id, item.patient_id)} state={back} data-testid="review-view">
            View
          </Link>
        )
      },
    },
  ]
  return (
    <DataTable<ReviewItem>
      rows={items}
      rowKey={(item) => item.patient_id}
      rowProps={(item) => ({ 'data-testid': 'review-row', 'data-patient-id': item.patient_id })}
      caption="Cases for review, the longest waiting first"
      testId="review-table"
      empty={status === 'pending' ? 'No case waits for your review.' : 'No cases here.'}
      emptyTestId="review-empty"
      columns={columns}
    />
  )
}
