import { ApiError, detailFromBody } from '@/lib/api-client'
import type { PatientSummary } from '@/types/api'

export interface ImportOutcome {
  patients: PatientSummary[]
  /** How many labels were kept as hidden reference labels (the patients stay unlabelled). */
  reference_labels: number
}

/**
 * Uploads files to POST /api/projects/{id}/imports with XMLHttpRequest, because fetch() cannot report upload
 * progress. `onProgress` gets the fraction sent (0..1); the promise settles when the server has imported them.
 * With `referenceLabels` the labels become hidden ground truth for the simulated random baseline.
 */
export function uploadImport(
  projectId: string,
  files: File[],
  labels: File[],
  split: 'pool' | 'validation',
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  referenceLabels = false,
): Promise<ImportOutcome> {
  const form = new FormData()
  for (const file of files) form.append('files', file, file.name)
  for (const file of labels) form.append('labels', file, file.name)
  form.append('split', split)
  if (referenceLabels) form.append('reference_labels', 'true')
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/projects/${encodeURIComponent(projectId)}/imports`)
    xhr.responseType = 'text'
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.upload.onload = () => onProgress(1)
    xhr.onload = () => {
      let body: unknown = xhr.responseText
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        // keep the text
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportOutcome)
      else reject(new ApiError(xhr.status, detailFromBody(xhr.status, body, xhr.statusText)))
    }
    xhr.onerror = () => reject(new ApiError(0, 'The upload failed: the server could not be reached'))
    xhr.onabort = () => reject(new ApiError(0, 'Upload cancelled'))
    signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(form)
  })
}
