import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Ledger } from '@/types/api'

export const getLedger = (projectId: string, signal?: AbortSignal) =>
  api.get<Ledger>(`/api/projects/${encodeURIComponent(projectId)}/ledger`, signal)

/** Refetched with the project (same key prefix), so a budget change or a submission shows up at once. */
export function useLedger(projectId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'ledger'],
    queryFn: ({ signal }) => getLedger(projectId, signal),
  })
}
