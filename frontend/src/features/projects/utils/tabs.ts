/** The project page's tabs, in order; the chosen one lives in the URL (`?tab=rounds`) so links and reloads keep it. */
export const PROJECT_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'rounds', label: 'Rounds' },
  { id: 'patients', label: 'Patients' },
  { id: 'readers', label: 'Readers' },
  { id: 'budget', label: 'Budget' },
  { id: 'import-export', label: 'Import / export' },
] as const

export type ProjectTab = (typeof PROJECT_TABS)[number]['id']

/** The tab a `?tab=` value names; anything else (missing, mistyped, an old link) opens the overview. */
export function tabFromParam(value: string | null): ProjectTab {
  return PROJECT_TABS.find((tab) => tab.id === value)?.id ?? 'overview'
}

/** The tab an arrow, Home or End key moves to from `current` (wrapping around), or null for other keys. */
export function tabAfterKey(current: ProjectTab, key: string): ProjectTab | null {
  const index = PROJECT_TABS.findIndex((tab) => tab.id === current)
  const last = PROJECT_TABS.length - 1
  const next =
    key === 'ArrowRight'
      ? (index + 1) % PROJECT_TABS.length
      : key === 'ArrowLeft'
        ? (index + last) % PROJECT_TABS.length
        : key === 'Home'
          ? 0
          : key === 'End'
            ? last
            : null
  return next === null ? null : PROJECT_TABS[next].id
}
