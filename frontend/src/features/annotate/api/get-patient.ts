import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PatientDetail } from '@/types/api'

export const getPatient = (patientId: string, signal?: AbortSignal) =>
  api.get<PatientDetail>(`/api/patients/${encodeURIComponent(patientId)}`, signal)

export const getPatientQueryOptions = (patientId: string) =>
  queryOptions({ queryKey: ['patients', patientId], queryFn: ({ signal }) => getPatient(patientId, signal) })

export function usePatient(patientId: string) {
  return useQuery(getPatientQueryOptions(patientId))
}
