import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

export const getPatient = (patientId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/patients/{patient_id}', { params: { path: { patient_id: patientId } }, signal }))

export const getPatientQueryOptions = (patientId: string) =>
  queryOptions({ queryKey: ['patients', patientId], queryFn: ({ signal }) => getPatient(patientId, signal) })

/**
 * The case payload, fetched again on every mount: its `masks` change with every autosave, so a cached copy could
 * open the case without the reader's latest draft. Render the viewer only once `isFetchedAfterMount` is true.
 */
export function usePatient(patientId: string) {
  return useQuery({ ...getPatientQueryOptions(patientId), refetchOnMount: 'always' })
}
