import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { operations } from '@/types/openapi.gen'

export type AuditFilters = NonNullable<operations['audit_log_api_admin_audit_get']['parameters']['query']>

/** The filters the server should apply: an empty text field means "no filter", not "equal to ''". */
export function auditParams(filters: AuditFilters): AuditFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && String(value) !== ''),
  )
}

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: ['admin', 'audit', filters],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/admin/audit', { params: { query: auditParams(filters) }, signal })),
    placeholderData: keepPreviousData,
  })
}
