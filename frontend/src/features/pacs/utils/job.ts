/** How an import job reads on the page: its state, a progress fraction for the bar, and what it did. */
import type { PacsImportJob } from '@/types/api'

/** The parts of a job these functions read (tests build them by hand). */
export type ImportJobView = Pick<PacsImportJob, 'status' | 'progress' | 'result' | 'error'> &
  Partial<Pick<PacsImportJob, 'studies' | 'series' | 'instances'>>

export function isJobActive(job: Pick<PacsImportJob, 'status'> | undefined | null): boolean {
  return job?.status === 'queued' || job?.status === 'running'
}

/** 0..1 for the progress bar, or null while nothing is known yet (an indeterminate bar). */
export function progressFraction(job: ImportJobView): number | null {
  if (job.status === 'succeeded') return 1
  const { done_instances: done, total_instances: total, percent } = job.progress
  if (typeof total === 'number' && total > 0 && typeof done === 'number') return Math.min(1, Math.max(0, done / total))
  if (typeof percent === 'number') return Math.min(1, Math.max(0, percent / 100))
  return null
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

const STAGES: Record<string, string> = {
  retrieving: 'Retrieving from the PACS',
  importing: 'Converting and de-identifying',
  done: 'Finishing',
}

/** One line for the lead: "Retrieving from the PACS: 412 of 1,024 instances, patient 2 of 3 (40%)". */
export function progressText(job: ImportJobView): string {
  if (job.status === 'queued') return 'Waiting for a worker…'
  const p = job.progress
  const what = (p.stage && STAGES[p.stage]) ?? 'Importing'
  const parts: string[] = []
  if (typeof p.done_instances === 'number' && typeof p.total_instances === 'number') {
    parts.push(`${p.done_instances.toLocaleString('en')} of ${plural(p.total_instances, 'instance')}`)
  }
  if (typeof p.done_patients === 'number' && typeof p.total_patients === 'number' && p.total_patients > 0) {
    parts.push(`patient ${Math.min(p.done_patients + 1, p.total_patients)} of ${p.total_patients}`)
  }
  if (p.retries) parts.push(`${plural(p.retries, 'retry', 'retries')}`)
  const fraction = progressFraction(job)
  const pct = fraction === null ? '' : ` (${Math.round(fraction * 100)}%)`
  return parts.length > 0 ? `${what}: ${parts.join(', ')}${pct}` : `${what}…${pct}`
}

/** "Imported 2 studies as 2 patients (2 series, 67 instances, 31.2 instances/s)." and what was skipped or failed. */
export function resultText(job: ImportJobView): string {
  const r = job.result
  if (!r) return 'The import finished.'
  const speed = r.instances_per_s > 0 ? `, ${r.instances_per_s.toFixed(1)} instances/s` : ''
  const studies = typeof job.studies === 'number' ? `${plural(job.studies, 'study', 'studies')} ` : ''
  const head =
    r.imported_series > 0
      ? `Imported ${studies}as ${plural(r.patients.length, 'patient')} (${plural(r.imported_series, 'series', 'series')}, ${plural(r.imported_instances, 'instance')}${speed}).`
      : 'Nothing new was imported.'
  const extra: string[] = []
  if (r.skipped_series > 0) extra.push(`${plural(r.skipped_series, 'series', 'series')} already in the project skipped`)
  if (r.failed.length > 0) extra.push(`${plural(r.failed.length, 'patient')} could not be imported`)
  return extra.length > 0 ? `${head} ${extra.join('; ')}.` : head
}
