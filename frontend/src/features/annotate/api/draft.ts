import { client, toFormData, unwrap } from '@/lib/api-client'
import type { DraftInfo } from '@/types/api'

const forPatient = (patientId: string) => ({ params: { path: { patient_id: patientId } } })

/** gzip in the browser (CompressionStream) so an autosave of a large label map stays small on the wire. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

export async function saveDraft(patientId: string, mask: Uint8Array, timeSpentS: number): Promise<DraftInfo> {
  const body = {
    mask: new File([(await gzip(mask)) as BlobPart], 'draft.nii.gz', { type: 'application/gzip' }),
    time_spent_s: Number(timeSpentS.toFixed(1)),
  }
  return unwrap(
    client.PUT('/api/patients/{patient_id}/draft', { ...forPatient(patientId), body, bodySerializer: toFormData }),
  )
}

export const discardDraft = async (patientId: string): Promise<void> => {
  await client.DELETE('/api/patients/{patient_id}/draft', forPatient(patientId))
}
