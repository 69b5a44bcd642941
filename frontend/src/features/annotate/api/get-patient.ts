import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

export const getPatient = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}', { params: { path: { patient_id: patientId } }, signal }))

export const getPatientQueryOptions = (patientId: string) =>
  queryOptions({ queryKey: ['patients', patientId], queryFn: ({ signal }) => getPatient(patientId, signal) })

export function usePatient(patientId: string) {
  return useQuery(getPatientQueryOptions(patientId))
}
