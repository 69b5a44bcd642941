import { useMutation } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PatientIdentity } from '@/types/api'

/**
 * The real patient ID and name behind a pseudonym. Each call is one audited look, so it is a mutation the lead
 * triggers, never a query that refetches (on focus, on mount) or sits in the cache.
 */
export const getIdentity = (projectId: string, patientId: string): Promise<PatientIdentity> =>
  unwrap(
    client.GET('/api/projects/{project_id}/patients/{patient_id}/identity', {
      params: { path: { project_id: projectId, patient_id: patientId } },
    }),
  )

export function useRevealIdentity(projectId: string, patientId: string) {
  return useMutation({ mutationFn: () => getIdentity(projectId, patientId), gcTime: 0 })
}
