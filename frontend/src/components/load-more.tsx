/** What a paged table shows under its rows: a button for the next page while there is one. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  testId = 'load-more',
  what = 'rows',
}: {
  hasMore: boolean
  loading: boolean
  onLoad: () => void
  testId?: string
  /** What the rows are, for the button's accessible name ("Load more patients"). */
  what?: string
}) {
  if (!hasMore) return null
  return (
    <p className="load-more">
      <button type="button" data-testid={testId} disabled={loading} onClick={onLoad} aria-label={`Load more ${what}`}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </p>
  )
}
