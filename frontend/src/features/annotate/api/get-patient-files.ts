/**
 * Voxel files of a patient. They are fetched straight into the viewer engine, never into React state or the
 * query cache (a volume can be hundreds of MB).
 */
import { ApiError, asBytes, client, unwrap } from '@/lib/api-client'
import type { PatientAnnotation } from '@/types/api'

const forPatient = (patientId: string, signal?: AbortSignal) => ({
  params: { path: { patient_id: patientId } },
  signal,
})

export const fetchVolume = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/volume', { ...forPatient(patientId, signal), ...asBytes }))

/** A 404 is a normal answer (no model has predicted this patient yet), so it becomes null. */
async function optional(pending: Promise<{ data?: ArrayBuffer; response: Response }>): Promise<ArrayBuffer | null> {
  try {
    return await unwrap(pending)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

export const fetchPrediction = (patientId: string, signal?: AbortSignal) =>
  optional(client.GET('/api/patients/{patient_id}/prediction', { ...forPatient(patientId, signal), ...asBytes }))

export const fetchUncertainty = (patientId: string, signal?: AbortSignal) =>
  optional(client.GET('/api/patients/{patient_id}/uncertainty', { ...forPatient(patientId, signal), ...asBytes }))

/** Every stored mask version of the patient, oldest first. */
export const fetchPatientAnnotations = (patientId: string, signal?: AbortSignal): Promise<PatientAnnotation[]> =>
  unwrap(client.GET('/api/patients/{patient_id}/annotations', forPatient(patientId, signal)))

/**
 * The accepted mask (the patient's ground truth, `version` = PatientDetail.annotation_version), or null when the
 * patient has none. A correction starts from it, not from the model's prediction.
 */
export async function fetchAcceptedMask(
  patientId: string,
  version: number | null,
  signal?: AbortSignal,
): Promise<ArrayBuffer | null> {
  if (version === null) return null
  const accepted = (await fetchPatientAnnotations(patientId, signal)).find((a) => a.version === version)
  if (!accepted) return null
  return unwrap(
    client.GET('/api/annotations/{annotation_id}/mask', {
      params: { path: { annotation_id: accepted.id } },
      ...asBytes,
      signal,
    }),
  )
}
