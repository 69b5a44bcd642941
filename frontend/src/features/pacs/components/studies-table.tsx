import { useState } from 'react'
import { DataTable } from '@/components/data-table'
import { formatPersonName } from '@/lib/format'
import type { PacsStudy } from '@/types/api'
import { type PacsSelection, seriesChecked, studyCheckState, toggleSeries, toggleStudy } from '../utils/selection'
import { formatStudyDate } from '../utils/search'
import { SeriesList } from './series-list'

/** The QIDO-RS results: one row per study with a checkbox; opening a row lists its series to pick some only. */
export function StudiesTable({
  projectId,
  studies,
  selection,
  onSelection,
  disabled,
}: {
  projectId: string
  studies: PacsStudy[]
  selection: PacsSelection
  onSelection: (next: PacsSelection) => void
  disabled: boolean
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggleOpen = (uid: string) =>
    setOpen((current) => {
      const next = new Set(current)
      if (next.has(uid)) next.delete(uid)
      else next.add(uid)
      return next
    })

  return (
    <DataTable<PacsStudy>
      rows={studies}
      rowKey={(s) => s.study_uid}
      rowProps={(s) => ({
        'data-testid': 'pacs-study-row',
        'data-study-uid': s.study_uid,
        'data-imported': s.imported,
        'data-selected': selection.has(s.study_uid),
      })}
      caption="Studies found in the PACS"
      testId="pacs-studies"
      empty="No study in the PACS matches this search."
      emptyTestId="pacs-no-studies"
      expanded={(s) =>
        open.has(s.study_uid) ? (
          <SeriesList
            projectId={projectId}
            studyUid={s.study_uid}
            isChecked={(seriesUid) => seriesChecked(selection, s.study_uid, seriesUid)}
            onToggle={(seriesUid, all) => onSelection(toggleSeries(selection, s.study_uid, seriesUid, all))}
          />
        ) : null
      }
      columns={[
        {
          header: <span className="visually-hidden">Import</span>,
          cell: (s) => {
            const state = studyCheckState(selection, s.study_uid)
            return (
              <input
                type="checkbox"
                data-testid="pacs-study-check"
                aria-label={`Import study ${s.accession || s.study_uid} of ${s.patient_id ?? 'unknown patient'}`}
                checked={state === 'checked'}
                ref={(box) => {
                  if (box) box.indeterminate = state === 'mixed'
                }}
                disabled={disabled}
                onChange={() => onSelection(toggleStudy(selection, s.study_uid))}
              />
            )
          },
        },
        {
          header: <span className="visually-hidden">Series</span>,
          cell: (s) => (
            <button
              type="button"
              className="disclosure"
              aria-expanded={open.has(s.study_uid)}
              aria-label={`${open.has(s.study_uid) ? 'Hide' : 'Show'} the series of ${s.accession || s.study_uid}`}
              data-testid="pacs-study-expand"
              onClick={() => toggleOpen(s.study_uid)}
            >
              {open.has(s.study_uid) ? '▾' : '▸'}
            </button>
          ),
        },
        { header: 'Patient ID', cell: (s) => s.patient_id || '–' },
        { header: 'Name', cell: (s) => formatPersonName(s.patient_name) },
        { header: 'Date', cell: (s) => formatStudyDate(s.study_date) },
        { header: 'Accession', cell: (s) => s.accession || '–' },
        { header: 'Description', cell: (s) => s.description || '–' },
        { header: 'Modalities', cell: (s) => s.modalities.join(', ') || '–' },
        { header: 'Series', cell: (s) => s.series_count ?? '–', align: 'end' },
        { header: 'Instances', cell: (s) => s.instance_count ?? '–', align: 'end' },
        {
          header: 'In project',
          cell: (s) =>
            s.imported ? (
              <span className="badge badge-ok" data-testid="pacs-imported">
                imported
              </span>
            ) : (
              ''
            ),
        },
      ]}
    />
  )
}
