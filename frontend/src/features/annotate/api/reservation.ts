import { client, unwrap } from '@/lib/api-client'
import type { SkipReason } from '@/types/api'

const forPatient = (patientId: string) => ({ params: { path: { patient_id: patientId } } })

/** Reserves (or renews) the case for the current user; rejects with the server's 409 text when a colleague has it. */
export const reserveCase = (patientId: string) =>
  unwrap(client.POST('/api/patients/{patient_id}/reservation', forPatient(patientId)))

export const releaseCase = async (patientId: string): Promise<void> => {
  await client.DELETE('/api/patients/{patient_id}/reservation', forPatient(patientId))
}

export const skipCase = (patientId: string, reason: SkipReason, note: string) =>
  unwrap(client.POST('/api/patients/{patient_id}/skip', { ...forPatient(patientId), body: { reason, note } }))
