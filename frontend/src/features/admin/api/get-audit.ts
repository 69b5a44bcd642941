import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AuditPage } from '@/types/api'

export interface AuditFilters {
  user?: string
  action?: string
  since?: string
  until?: string
  project_id?: string
  limit?: number
  offset?: number
}

export function auditQuery(filters: AuditFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && String(value) !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `/api/admin/audit?${text}` : '/api/admin/audit'
}

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ signal }) => api.get<AuditPage>(auditQuery(filters), signal),
    placeholderData: keepPreviousData,
  })
}
