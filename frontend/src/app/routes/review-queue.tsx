import { useMemo } from 'react'
import { useLocation, useSearchParams } from 'react-router'
import { LoadMore } from '@/components/load-more'
import { useReviewQueue } from '@/features/review/api/get-reviews'
import { ReviewQueueTable } from '@/features/review/components/review-queue-table'
import { QUEUE_TABS, REVIEW_STATUS_WORDS, queueStatus } from '@/features/review/utils/review'
import { useIsReviewer, useUser } from '@/lib/auth'
import { pageRows } from '@/lib/paging'
import { useNow } from '@/lib/use-now'

/** What a decision leaves for the queue page (or the next case) to say. */
export interface ReviewFlash {
  flash?: string
}

/**
 * The reviewer's queue across the projects they review: the cases waiting for a decision, oldest first, a page at a
 * time; the returned and accepted ones one click away (`?status=`).
 */
export function ReviewQueueRoute() {
  const [params, setParams] = useSearchParams()
  const status = queueStatus(params.get('status'))
  const queue = useReviewQueue(status)
  const rows = useMemo(() => pageRows(queue.data?.pages), [queue.data])
  const { data: user } = useUser()
  const reviews = useIsReviewer()
  const now = useNow(30_000)
  const flash = (useLocation().state as ReviewFlash | null)?.flash

  return (
    <>
      <h1>Review queue</h1>
      {flash && (
        <p role="status" className="flash" data-testid="flash">
          {flash}
        </p>
      )}
      {!reviews && (
        <p className="muted" data-testid="not-a-reviewer">
          You review no project&apos;s masks: a project&apos;s lead marks its reviewers on the project&apos;s Readers
          tab.
        </p>
      )}
      <div className="form-row review-tabs" role="group" aria-label="Cases by state">
        {QUEUE_TABS.map((tab) => (
          <button
            key={tab.status}
            type="button"
            aria-pressed={tab.status === status}
            data-testid={`review-tab-${tab.status}`}
            title={`Cases ${REVIEW_STATUS_WORDS[tab.status]}`}
            onClick={() => setParams(tab.status === 'pending' ? {} : { status: tab.status }, { replace: true })}
          >
            {tab.name}
          </button>
        ))}
      </div>
      {queue.isPending && <p role="status">Loading the review queue…</p>}
      {queue.error && <p role="alert">{queue.error.message}</p>}
      {queue.data && <ReviewQueueTable items={rows} status={status} username={user?.username} now={now} />}
      <LoadMore
        hasMore={queue.hasNextPage}
        loading={queue.isFetchingNextPage}
        onLoad={() => void queue.fetchNextPage()}
        testId="review-load-more"
        what="cases"
      />
    </>
  )
}
