import { DataTable } from '@/components/data-table'
import type { PacsSeries } from '@/types/api'
import { useSeries } from '../api/search'

/** The series of one study under its row, each with a checkbox (a study can be imported in part). */
export function SeriesList({
  projectId,
  studyUid,
  isChecked,
  onToggle,
}: {
  projectId: string
  studyUid: string
  isChecked: (seriesUid: string) => boolean
  onToggle: (seriesUid: string, allSeries: string[]) => void
}) {
  const series = useSeries(projectId, studyUid)
  if (series.isPending) return <p role="status">Loading series…</p>
  if (series.error)
    return (
      <p role="alert" className="error">
        {series.error.message}
      </p>
    )
  const all = series.data.map((s) => s.series_uid)
  return (
    <DataTable<PacsSeries>
      rows={series.data}
      rowKey={(s) => s.series_uid}
      rowProps={(s) => ({ 'data-testid': 'pacs-series-row', 'data-imported': s.imported })}
      caption="Series of the study"
      testId="pacs-series"
      empty="The PACS lists no series for this study."
      columns={[
        {
          header: <span className="visually-hidden">Import</span>,
          cell: (s) => (
            <input
              type="checkbox"
              aria-label={`Import series ${s.number ?? ''} ${s.description ?? s.series_uid}`}
              checked={isChecked(s.series_uid)}
              onChange={() => onToggle(s.series_uid, all)}
            />
          ),
        },
        { header: '#', cell: (s) => s.number ?? '–', align: 'end' },
        { header: 'Modality', cell: (s) => s.modality ?? '–' },
        { header: 'Description', cell: (s) => s.description || '–' },
        { header: 'Instances', cell: (s) => s.instance_count ?? '–', align: 'end' },
        {
          header: 'In project',
          cell: (s) => (s.imported ? <span className="badge badge-ok">imported</span> : ''),
        },
      ]}
    />
  )
}
