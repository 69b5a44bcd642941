import { describe, expect, it } from 'vitest'
import type { PacsImportResult } from '@/types/api'
import { type ImportJobView, isJobActive, progressFraction, progressText, resultText } from './job'

const job = (over: Partial<ImportJobView>): ImportJobView => ({
  status: 'running',
  progress: {},
  result: null,
  error: null,
  ...over,
})

const result = (over: Partial<PacsImportResult>): PacsImportResult => ({
  patients: [],
  imported_series: 0,
  imported_instances: 0,
  skipped_series: 0,
  failed: [],
  seconds: 2,
  instances_per_s: 0,
  ...over,
})

const patient = (n: number) => ({ patient_id: `p${n}`, external_id: `P-${n}`, series: 1, instances: 30 })

describe('import job display', () => {
  it('waits for a worker, then counts instances and patients', () => {
    expect(progressText(job({ status: 'queued' }))).toBe('Waiting for a worker…')
    expect(isJobActive(job({ status: 'queued' }))).toBe(true)
    const running = job({
      progress: {
        stage: 'retrieving',
        done_instances: 412,
        total_instances: 1024,
        done_patients: 1,
        total_patients: 3,
      },
    })
    expect(progressFraction(running)).toBeCloseTo(0.402, 3)
    expect(progressText(running)).toBe('Retrieving from the PACS: 412 of 1,024 instances, patient 2 of 3 (40%)')
    expect(progressText(job({ progress: { retries: 1, done_instances: 0, total_instances: 5 } }))).toBe(
      'Importing: 0 of 5 instances, 1 retry (0%)',
    )
    expect(progressText(job({}))).toBe('Importing…')
    expect(progressFraction(job({ progress: { percent: 55 } }))).toBeCloseTo(0.55)
    expect(progressFraction(job({}))).toBeNull()
  })

  it('is full and settled when done, and says what it did', () => {
    const done = job({
      status: 'succeeded',
      studies: 2,
      result: result({
        patients: [patient(1), patient(2)],
        imported_series: 2,
        imported_instances: 67,
        instances_per_s: 31.24,
      }),
    })
    expect(isJobActive(done)).toBe(false)
    expect(progressFraction(done)).toBe(1)
    expect(resultText(done)).toBe('Imported 2 studies as 2 patients (2 series, 67 instances, 31.2 instances/s).')
    const again = job({
      status: 'succeeded',
      result: result({ skipped_series: 2, failed: [{ study_uids: ['1.2'], detail: 'refused' }] }),
    })
    expect(resultText(again)).toBe(
      'Nothing new was imported. 2 series already in the project skipped; 1 patient could not be imported.',
    )
    expect(resultText(job({ status: 'succeeded' }))).toBe('The import finished.')
  })
})
