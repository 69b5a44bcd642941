import { api, apiFetch } from '@/lib/api-client'
import type { Reservation, SkipReason, SkipRecord } from '@/types/api'

const base = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`

/** Reserves (or renews) the case for the current user; rejects with the server's 409 text when a colleague has it. */
export const reserveCase = (patientId: string) => api.post<Reservation>(`${base(patientId)}/reservation`)

export const releaseCase = (patientId: string) =>
  apiFetch<void>(`${base(patientId)}/reservation`, { method: 'DELETE', responseType: 'none' })

export const skipCase = (patientId: string, reason: SkipReason, note: string) =>
  api.post<SkipRecord>(`${base(patientId)}/skip`, { reason, note })
