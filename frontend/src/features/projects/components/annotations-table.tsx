import { useMemo } from 'react'
import { DataTable } from '@/components/data-table'
import { LoadMore } from '@/components/load-more'
import { formatClock, formatDateTime } from '@/lib/format'
import { pageRows } from '@/lib/paging'
import type { ProjectAnnotation } from '@/types/api'
import { useProjectAnnotations } from '../api/get-annotations'
import { acceptedIds } from '../utils/annotations'
import { SegActions } from './seg-actions'

/**
 * The project's mask versions, newest first, with their author and active time on the case: the first page, and
 * more on demand. The accepted version of each patient can leave as DICOM SEG: downloaded, or stored in the
 * project's PACS (`pacsConnected`). A patient's newest version always comes before its older ones, so the accepted
 * marks are right for whatever pages are loaded.
 */
export function AnnotationsPanel({ projectId, pacsConnected = false }: { projectId: string; pacsConnected?: boolean }) {
  const annotations = useProjectAnnotations(projectId)
  const rows = useMemo(() => pageRows(annotations.data?.pages), [annotations.data])
  const accepted = useMemo(() => acceptedIds(rows), [rows])
  return (
    <section className="card" aria-labelledby="annotations-title" data-testid="annotations">
      <h2 id="annotations-title">Annotations</h2>
      {annotations.isPending && <p role="status">Loading annotations…</p>}
      {annotations.error && <p role="alert">{annotations.error.message}</p>}
      {annotations.data && (
        <DataTable<ProjectAnnotation>
          rows={rows}
          rowKey={(a) => a.id}
          rowProps={(a) => ({
            'data-testid': 'annotation-row',
            'data-patient-id': a.patient_id,
            'data-accepted': accepted.has(a.id),
          })}
          caption="Masks, newest first; the newest version of each patient is its accepted label"
          empty="No annotations submitted yet."
          columns={[
            { header: 'Patient', cell: (a) => a.external_id },
            {
              header: 'Version',
              cell: (a) => (
                <>
                  v{a.version}
                  {accepted.has(a.id) && <span className="badge badge-ok"> accepted</span>}
                </>
              ),
            },
            { header: 'Author', cell: (a) => a.author ?? '–' },
            { header: 'Source', cell: (a) => a.source },
            { header: 'Submitted at', cell: (a) => formatDateTime(a.created_at) },
            { header: 'Time on case', cell: (a) => formatClock(a.time_spent_s) },
            {
              header: 'DICOM SEG',
              cell: (a) =>
                accepted.has(a.id) ? (
                  <SegActions projectId={projectId} annotation={a} pacsConnected={pacsConnected} />
                ) : (
                  <span className="muted">superseded</span>
                ),
            },
          ]}
        />
      )}
      <LoadMore
        hasMore={annotations.hasNextPage}
        loading={annotations.isFetchingNextPage}
        onLoad={() => void annotations.fetchNextPage()}
        testId="annotations-load-more"
        what="annotations"
      />
    </section>
  )
}
