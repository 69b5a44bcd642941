import { DataTable } from '@/components/data-table'
import { formatDateTime } from '@/lib/format'
import type { SkipReason } from '@/types/api'
import { useSkips } from '../api/get-skips'
import { useResolveSkip } from '../api/resolve-skip'

const REASON_LABELS: Record<SkipReason, string> = {
  poor_quality: 'Poor image quality',
  out_of_scope: 'Out of scope',
  other: 'Other',
}

/** Cases radiologists set aside, with a way to put each one back in the queue. */
export function SkipsPanel({ projectId }: { projectId: string }) {
  const skips = useSkips(projectId)
  const resolve = useResolveSkip(projectId)
  return (
    <section className="card" aria-labelledby="skips-title" data-testid="skips">
      <h2 id="skips-title">Skipped cases</h2>
      {skips.isPending && <p role="status">Loading skipped cases…</p>}
      {skips.error && <p role="alert">{skips.error.message}</p>}
      {resolve.error && (
        <p role="alert" className="error">
          {resolve.error.message}
        </p>
      )}
      {skips.data && (
        <DataTable
          rows={skips.data}
          rowKey={(skip) => skip.id}
          rowProps={() => ({ 'data-testid': 'skip-row' })}
          caption="Cases set aside by radiologists, newest first"
          empty="No skipped cases."
          emptyTestId="skips-empty"
          columns={[
            { header: 'Patient', cell: (skip) => skip.external_id },
            { header: 'Reason', cell: (skip) => REASON_LABELS[skip.reason] ?? skip.reason },
            { header: 'Note', cell: (skip) => skip.note || '–' },
            { header: 'Who', cell: (skip) => skip.skipped_by ?? '–' },
            { header: 'When', cell: (skip) => formatDateTime(skip.created_at) },
            {
              header: 'Action',
              cell: (skip) => (
                <button
                  type="button"
                  disabled={resolve.isPending}
                  aria-label={`Return to queue: ${skip.external_id}`}
                  onClick={() => resolve.mutate(skip.patient_id)}
                >
                  Return to queue
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  )
}
