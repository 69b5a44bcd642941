import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { useConnection } from '@/features/pacs/api/connection'
import { useImportJob, useRecentImports, useStartImport } from '@/features/pacs/api/imports'
import { useStudies } from '@/features/pacs/api/search'
import { ImportProgress } from '@/features/pacs/components/import-progress'
import { PacsSearchForm } from '@/features/pacs/components/pacs-search-form'
import { StudiesTable } from '@/features/pacs/components/studies-table'
import { isJobActive } from '@/features/pacs/utils/job'
import { type PacsFilters, SEARCH_LIMIT, searchQuery } from '@/features/pacs/utils/search'
import {
  describeSelection,
  emptySelection,
  importRequest,
  type PacsSelection,
  selectNotImported,
} from '@/features/pacs/utils/selection'
import { useProject } from '@/features/projects/api/get-project'

/**
 * A lead finds studies in the project's PACS (QIDO-RS), ticks whole studies or some of their series, and imports
 * them in a background job whose progress the page follows. The job id is kept in the URL (`?job=`), so a reload
 * or a shared link shows the same import.
 */
export function PacsImportRoute() {
  const { projectId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const project = useProject(projectId)
  const connection = useConnection(projectId)
  const [filters, setFilters] = useState<PacsFilters | null>(null)
  const [offset, setOffset] = useState(0)
  const [selection, setSelection] = useState<PacsSelection>(emptySelection)
  const query = filters === null ? null : searchQuery(filters, offset)
  const studies = useStudies(projectId, query)
  const start = useStartImport(projectId)
  // Opened without ?job=, the page follows the project's import still running, if any.
  const recent = useRecentImports(projectId, params.get('job') === null)
  const jobId = params.get('job') ?? recent.data?.find((j) => isJobActive(j))?.id ?? null
  const job = useImportJob(projectId, jobId)
  const importing = isJobActive(job.data) || start.isPending

  if (project.isPending || connection.isPending) return <p role="status">Loading…</p>
  if (project.error) return <p role="alert">{project.error.message}</p>
  const back = (
    <p>
      <Link to={`/projects/${encodeURIComponent(projectId)}?tab=import-export`}>← Back to {project.data.name}</Link>
    </p>
  )
  if (connection.error)
    return (
      <>
        {back}
        <p role="alert" className="error">
          {connection.error.message}
        </p>
      </>
    )
  if (connection.data === null) {
    return (
      <>
        {back}
        <h1>Import from PACS</h1>
        <p data-testid="pacs-not-connected">
          This project is not connected to a PACS yet. Set its DICOMweb endpoint under{' '}
          <Link to={`/projects/${encodeURIComponent(projectId)}#pacs-title`}>PACS (DICOMweb)</Link> in the project
          settings first.
        </p>
      </>
    )
  }

  const rows = studies.data ?? []
  const order = rows.map((s) => s.study_uid)
  const startImport = () =>
    start.mutate(importRequest(selection, order), {
      onSuccess: (started) => {
        setSelection(emptySelection())
        setParams({ job: started.id }, { replace: true })
      },
    })

  return (
    <>
      {back}
      <h1>Import from PACS</h1>
      <p className="muted">
        From <code data-testid="pacs-base-url">{connection.data.base_url}</code> into {project.data.name}.{' '}
        {project.data.deidentify
          ? 'Imported studies are de-identified: readers see a pseudonym and shifted dates only.'
          : 'De-identification is off for this project: readers will see the identifiers in the DICOM headers.'}
      </p>
      <PacsSearchForm
        busy={studies.isFetching}
        onSearch={(next) => {
          setFilters(next)
          setOffset(0)
        }}
      />
      {studies.error && (
        <p role="alert" className="error" data-testid="pacs-search-error">
          {studies.error.message}
        </p>
      )}
      {studies.data && (
        <section className="card" aria-labelledby="pacs-results-title">
          <h2 id="pacs-results-title">
            Studies{' '}
            <span className="muted" data-testid="pacs-result-count">
              ({offset > 0 ? `${offset + 1}–${offset + rows.length}` : rows.length}
              {rows.length === SEARCH_LIMIT ? ', more may match: narrow the search or page on' : ''})
            </span>
          </h2>
          <div className="form-row">
            <button
              type="button"
              disabled={importing || rows.every((s) => s.imported)}
              onClick={() => setSelection(selectNotImported(selection, rows))}
            >
              Select all not yet imported
            </button>
            <button type="button" disabled={selection.size === 0} onClick={() => setSelection(emptySelection())}>
              Clear selection
            </button>
            {offset > 0 && (
              <button type="button" onClick={() => setOffset(Math.max(0, offset - SEARCH_LIMIT))}>
                ← Previous
              </button>
            )}
            {rows.length === SEARCH_LIMIT && (
              <button type="button" onClick={() => setOffset(offset + SEARCH_LIMIT)}>
                Next →
              </button>
            )}
          </div>
          <StudiesTable
            projectId={projectId}
            studies={rows}
            selection={selection}
            onSelection={setSelection}
            disabled={importing}
          />
          <div className="import-bar">
            <button
              type="button"
              className="primary compact"
              data-testid="pacs-import-selected"
              disabled={selection.size === 0 || importing}
              onClick={startImport}
            >
              {start.isPending
                ? 'Starting import…'
                : selection.size === 0
                  ? 'Import selected'
                  : `Import selected (${describeSelection(selection)})`}
            </button>
          </div>
        </section>
      )}
      {start.error && (
        <p role="alert" className="error" data-testid="pacs-import-error">
          {start.error.message}
        </p>
      )}
      {jobId && (
        <section className="card" aria-labelledby="pacs-job-title" aria-live="polite">
          <h2 id="pacs-job-title">Import</h2>
          {job.isPending && <p role="status">Loading the import…</p>}
          {job.error && (
            <p role="alert" className="error">
              {job.error.message}
            </p>
          )}
          {job.data && <ImportProgress projectId={projectId} job={job.data} />}
          {job.data && !isJobActive(job.data) && (
            <p>
              <Link to={`/projects/${encodeURIComponent(projectId)}?tab=patients`} data-testid="pacs-back-to-project">
                See the imported patients in the project
              </Link>
            </p>
          )}
        </section>
      )}
    </>
  )
}
