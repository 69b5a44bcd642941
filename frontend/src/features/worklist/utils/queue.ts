import type { QueueItem } from '@/types/api'

/**
 * Second reads first (a double-read case waits on them before anyone can review it), then the best suggestions: by
 * rank, and across projects/rounds by the newest round, then by name for stability.
 */
export function sortQueue(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort(
    (a, b) =>
      Number(b.second_read) - Number(a.second_read) ||
      a.rank - b.rank ||
      b.round_number - a.round_number ||
      a.project_name.localeCompare(b.project_name) ||
      a.external_id.localeCompare(b.external_id),
  )
}
