import { useQuery } from '@tanstack/react-query'
import { ApiError, api } from '@/lib/api-client'

export interface WorkerInfo {
  name: string
  active_tasks: number
  active_job_ids: string[]
}

export interface JobInfo {
  id: string
  kind: string
  status: string
  round_number: number | null
  round_status: string | null
  attempts: number
  max_attempts: number
  worker: string | null
  heartbeat_age_s: number | null
  stale: boolean
}

export interface HealthInfo {
  broker: string
  broker_ok: boolean
  workers: WorkerInfo[] | null
  workers_detail: string
  queues: Record<string, number>
  unacked: number | null
  jobs: JobInfo[]
}

/** GET /api/admin/health; a server without it (404) yields `null` so the panel hides itself. */
export function useHealth() {
  return useQuery({
    queryKey: ['admin', 'health'],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<HealthInfo>('/api/admin/health', signal)
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    refetchInterval: 5_000,
    retry: false,
  })
}
