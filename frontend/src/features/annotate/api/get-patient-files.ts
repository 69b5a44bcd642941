/**
 * Voxel files of a patient. They are fetched straight into the viewer engine, never into React state or the
 * query cache (a volume can be hundreds of MB).
 */
import { ApiError, api } from '@/lib/api-client'
import type { PatientAnnotation } from '@/types/api'

const base = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`

export const fetchVolume = (patientId: string, signal?: AbortSignal) => api.bytes(`${base(patientId)}/volume`, signal)

/** A 404 is a normal answer (no model has predicted this patient yet), so it becomes null. */
async function optional(path: string, signal?: AbortSignal): Promise<ArrayBuffer | null> {
  try {
    return await api.bytes(path, signal)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

export const fetchPrediction = (patientId: string, signal?: AbortSignal) =>
  optional(`${base(patientId)}/prediction`, signal)

export const fetchUncertainty = (patientId: string, signal?: AbortSignal) =>
  optional(`${base(patientId)}/uncertainty`, signal)

/** Every stored mask version of the patient, oldest first. */
export const fetchPatientAnnotations = (patientId: string, signal?: AbortSignal) =>
  api.get<PatientAnnotation[]>(`${base(patientId)}/annotations`, signal)

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
  return api.bytes(`/api/annotations/${encodeURIComponent(accepted.id)}/mask`, signal)
}
