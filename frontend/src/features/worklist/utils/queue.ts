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

/** "entropy 0.41 · diversity 0.12": why the model ranked this patient where it did. */
export function describeComponents(components: Record<string, number> | null | undefined): string {
  const entries = Object.entries(components ?? {})
  if (entries.length === 0) return ''
  // Counts (voxels in the band, say) read better without decimals than "3859.00".
  const show = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2))
  return entries.map(([name, value]) => `${name} ${show(value)}`).join(' · ')
}
