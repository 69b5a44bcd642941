import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/** Every stored mask version of the patient, oldest first (who, when, how it came to be). */
export const getPatientAnnotations = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}/annotations', { params: { path: { patient_id: patientId } }, signal }))

export const patientAnnotationsQueryOptions = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'annotations'],
    queryFn: ({ signal }) => getPatientAnnotations(patientId, signal),
  })

export function usePatientAnnotations(patientId: string) {
  return useQuery(patientAnnotationsQueryOptions(patientId))
}
