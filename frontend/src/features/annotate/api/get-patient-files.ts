/**
 * Voxel files of a patient. They are fetched straight into the viewer engine, never into React state or the
 * query cache (a volume can be hundreds of MB). Which masks exist is in the case payload (`PatientDetail.masks`),
 * so these are only asked for what is there: an absent file is never probed for.
 */
import { asBytes, client, unwrap } from '@/lib/api-client'

const forPatient = (patientId: string, signal?: AbortSignal) => ({
  params: { path: { patient_id: patientId } },
  signal,
})

/**
 * The image as an uncompressed NIfTI (load it as `.nii`): asked for as `application/x-nifti`, the server sends the
 * stored gzip as `Content-Encoding`, which the browser inflates natively while it downloads, off the main thread.
 */
const asNifti = { parseAs: 'arrayBuffer', headers: { Accept: 'application/x-nifti' } } as const

export const fetchVolume = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/volume', { ...forPatient(patientId, signal), ...asNifti }))

/** The volume's downsampled preview (every n-th voxel, same world positions), drawn first for a large volume. */
export const fetchVolumePreview = (patientId: string, signal?: AbortSignal) =>
  unwrap(
    client.GET('/api/patients/{patient_id}/volume', {
      params: { path: { patient_id: patientId }, query: { level: 'preview' } },
      signal,
      ...asNifti,
    }),
  )

/** The latest model prediction; ask only when `masks.prediction` is set. */
export const fetchPrediction = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/prediction', { ...forPatient(patientId, signal), ...asBytes }))

/** The voxel uncertainty behind the patient's score; ask only when `has_uncertainty` is set. */
export const fetchUncertainty = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/uncertainty', { ...forPatient(patientId, signal), ...asBytes }))

/** The caller's autosaved drawing; ask only when `masks.draft` is set. */
export const fetchDraftMask = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/draft/mask', { ...forPatient(patientId, signal), ...asBytes }))

/** One stored annotation version (`masks.accepted.annotation_id` for the accepted one). */
export const fetchAnnotationMask = (annotationId: string, signal?: AbortSignal) =>
  unwrap(
    client.GET('/api/annotations/{annotation_id}/mask', {
      params: { path: { annotation_id: annotationId } },
      ...asBytes,
      signal,
    }),
  )
