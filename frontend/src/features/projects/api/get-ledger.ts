import { useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

export const getLedger = (projectId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/projects/{project_id}/ledger', { params: { path: { project_id: projectId } }, signal }))

/** Refetched with the project (same key prefix), so a budget change or a submission shows up at once. */
export function useLedger(projectId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'ledger'],
    queryFn: ({ signal }) => getLedger(projectId, signal),
  })
}
