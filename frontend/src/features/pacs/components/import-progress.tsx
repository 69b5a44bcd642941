import type { PacsImportJob } from '@/types/api'
import { useCancelImport } from '../api/imports'
import { isJobActive, progressFraction, progressText, resultText } from '../utils/job'

/**
 * The running import's progress bar (driven by the job's own progress: instances retrieved of all planned), then
 * what it imported, skipped and could not import, or why it failed.
 */
export function ImportProgress({ projectId, job }: { projectId: string; job: PacsImportJob }) {
  const cancel = useCancelImport(projectId)
  const fraction = progressFraction(job)
  const failures = job.result?.failed ?? []
  return (
    <div data-testid="pacs-import" data-status={job.status}>
      {isJobActive(job) && (
        <div className="import-progress" data-testid="pacs-import-progress">
          <label htmlFor="pacs-progress">{progressText(job)}</label>
          <progress
            id="pacs-progress"
            data-testid="pacs-progress-bar"
            max={1}
            {...(fraction === null ? {} : { value: fraction })}
          />
          <div>
            <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel import'}
            </button>
          </div>
        </div>
      )}
      {job.status === 'succeeded' && (
        <p role="status" className="flash" data-testid="pacs-import-done">
          {resultText(job)}
        </p>
      )}
      {(job.status === 'failed' || job.status === 'cancelled') && (
        <p role="alert" className="error" data-testid="pacs-import-failed">
          The import {job.status === 'cancelled' ? 'was cancelled' : 'failed'}
          {job.error ? `: ${job.error}` : '.'} Patients it finished stay imported; import the same studies again to
          finish the rest (nothing is imported twice).
        </p>
      )}
      {failures.length > 0 && (
        <ul className="error" data-testid="pacs-import-failures">
          {failures.map((failure) => (
            <li key={failure.study_uids.join(',')}>
              {failure.study_uids.length === 1 ? 'Study' : 'Studies'} {failure.study_uids.join(', ')}: {failure.detail}
            </li>
          ))}
        </ul>
      )}
      {job.result && job.result.patients.length > 0 && (
        <p className="muted">
          New patients (as readers will see them): {job.result.patients.map((p) => p.external_id).join(', ')}
        </p>
      )}
      {cancel.error && (
        <p role="alert" className="error">
          {cancel.error.message}
        </p>
      )}
    </div>
  )
}
