import type { QueueItem } from '@/types/api'

/** Best suggestions first: by rank, and across projects/rounds by the newest round, then by name for stability. */
export function sortQueue(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort(
    (a, b) =>
      a.rank - b.rank ||
      b.round_number - a.round_number ||
      a.project_name.localeCompare(b.project_name) ||
      a.external_id.localeCompare(b.external_id),
  )
}
