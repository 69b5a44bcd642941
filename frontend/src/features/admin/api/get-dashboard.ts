import { useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { ProjectDashboard } from '@/types/api'
import { dashboardIsBusy } from '../utils/simulation'

/** While a round or a simulation runs the dashboard polls every 2 s; otherwise every 30 s (submissions change
 * throughput). */
export const DASHBOARD_RUNNING_POLL_MS = 2_000
export const DASHBOARD_IDLE_POLL_MS = 30_000

export const getDashboard = (projectId: string, signal?: AbortSignal): Promise<ProjectDashboard> =>
  unwrap(client.GET('/api/projects/{project_id}/dashboard', { params: { path: { project_id: projectId } }, signal }))

export function useDashboard(projectId: string | null) {
  return useQuery({
    queryKey: ['projects', projectId, 'dashboard'],
    queryFn: ({ signal }) => getDashboard(projectId ?? '', signal),
    enabled: Boolean(projectId),
    refetchInterval: (query) =>
      dashboardIsBusy(query.state.data) ? DASHBOARD_RUNNING_POLL_MS : DASHBOARD_IDLE_POLL_MS,
  })
}
