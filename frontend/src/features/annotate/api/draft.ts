import { ApiError, api, apiFetch } from '@/lib/api-client'
import type { DraftInfo } from '@/types/api'

const base = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}/draft`

/** gzip in the browser (CompressionStream) so an autosave of a large label map stays small on the wire. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

export async function saveDraft(patientId: string, mask: Uint8Array, timeSpentS: number): Promise<DraftInfo> {
  const form = new FormData()
  form.append('mask', new Blob([(await gzip(mask)) as BlobPart], { type: 'application/gzip' }), 'draft.nii.gz')
  form.append('time_spent_s', timeSpentS.toFixed(1))
  return apiFetch<DraftInfo>(base(patientId), { method: 'PUT', form })
}

/** The saved draft and its drawing, or null when there is none. */
export async function loadDraft(
  patientId: string,
  signal?: AbortSignal,
): Promise<{ info: DraftInfo; mask: ArrayBuffer } | null> {
  try {
    const info = await api.get<DraftInfo>(base(patientId), signal)
    const mask = await api.bytes(`${base(patientId)}/mask`, signal)
    return { info, mask }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

export const discardDraft = (patientId: string) =>
  apiFetch<void>(base(patientId), { method: 'DELETE', responseType: 'none' })
