import { ApiError, detailFromBody, toFormData } from '@/lib/api-client'
import type { ImportResult, Split } from '@/types/api'
import type { components } from '@/types/openapi.gen'

type ImportBody = components['schemas']['Body_import_files_api_projects__project_id__imports_post']

/** The imported patients, and how many labels were kept as hidden reference labels (those stay unlabelled). */
export type ImportOutcome = ImportResult

/**
 * Uploads files to POST /api/projects/{id}/imports with XMLHttpRequest, because fetch() cannot report upload
 * progress (so the typed client cannot send it; its body is still typed by the generated schema). `onProgress` gets
 * the fraction sent (0..1); the promise settles when the server has imported them. With `referenceLabels` the
 * labels become hidden ground truth for the simulated random baseline.
 */
export function uploadImport(
  projectId: string,
  files: File[],
  labels: File[],
  split: Split,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  referenceLabels = false,
): Promise<ImportOutcome> {
  const body: ImportBody = { files, labels, split, reference_labels: referenceLabels || undefined }
  const form = toFormData(body)
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
