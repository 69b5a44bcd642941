import { DataTable } from '@/components/data-table'
import { formatClock, formatDateTime } from '@/lib/format'
import { useProjectAnnotations } from '../api/get-annotations'

/** Every accepted mask of the project with its author and active time on the case. */
export function AnnotationsPanel({ projectId }: { projectId: string }) {
  const annotations = useProjectAnnotations(projectId)
  return (
    <section className="card" aria-labelledby="annotations-title" data-testid="annotations">
      <h2 id="annotations-title">Annotations</h2>
      {annotations.isPending && <p role="status">Loading annotations…</p>}
      {annotations.error && <p role="alert">{annotations.error.message}</p>}
      {annotations.data && (
        <DataTable
          rows={annotations.data}
          rowKey={(a) => a.id}
          caption="Accepted masks, newest first"
          empty="No annotations submitted yet."
          columns={[
            { header: 'Patient', cell: (a) => a.external_id },
            { header: 'Version', cell: (a) => `v${a.version}` },
            { header: 'Author', cell: (a) => a.author ?? '–' },
            { header: 'Source', cell: (a) => a.source },
            { header: 'Submitted at', cell: (a) => formatDateTime(a.created_at) },
            { header: 'Time on case', cell: (a) => formatClock(a.time_spent_s) },
          ]}
        />
      )}
    </section>
  )
}
