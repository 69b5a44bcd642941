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
      {skips.data && skips.data.length === 0 && <p data-testid="skips-empty">No skipped cases.</p>}
      {skips.data && skips.data.length > 0 && (
        <table>
          <caption>Cases set aside by radiologists, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Reason</th>
              <th scope="col">Note</th>
              <th scope="col">Who</th>
              <th scope="col">When</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {skips.data.map((skip) => (
              <tr key={skip.id} data-testid="skip-row">
                <td>{skip.external_id}</td>
                <td>{REASON_LABELS[skip.reason] ?? skip.reason}</td>
                <td>{skip.note || '–'}</td>
                <td>{skip.skipped_by ?? '–'}</td>
                <td>{formatDateTime(skip.created_at)}</td>
                <td>
                  <button
                    type="button"
                    disabled={resolve.isPending}
                    aria-label={`Return to queue: ${skip.external_id}`}
                    onClick={() => resolve.mutate(skip.patient_id)}
                  >
                    Return to queue
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
