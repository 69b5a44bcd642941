import { type KeyboardEvent, type ReactNode, useRef } from 'react'
import { PROJECT_TABS, type ProjectTab, tabAfterKey } from '../utils/tabs'

const tabId = (tab: ProjectTab) => `project-tab-${tab}`
const panelId = (tab: ProjectTab) => `project-panel-${tab}`

/**
 * The project page's tab strip (WAI-ARIA tabs: arrow keys move and select, only the selected tab is in the tab
 * order) and the selected tab's panel. The caller keeps the selection (in the URL).
 */
export function ProjectTabs({
  selected,
  onSelect,
  children,
}: {
  selected: ProjectTab
  onSelect: (tab: ProjectTab) => void
  children: ReactNode
}) {
  const strip = useRef<HTMLDivElement>(null)

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const next = tabAfterKey(selected, event.key)
    if (next === null) return
    event.preventDefault()
    onSelect(next)
    strip.current?.querySelector<HTMLButtonElement>(`#${tabId(next)}`)?.focus()
  }

  return (
    <>
      <div className="tabs" role="tablist" aria-label="Project sections" ref={strip} onKeyDown={onKeyDown}>
        {PROJECT_TABS.map((tab) => (
          <button
            key={tab.id}
            id={tabId(tab.id)}
            type="button"
            role="tab"
            aria-selected={tab.id === selected}
            aria-controls={panelId(tab.id)}
            tabIndex={tab.id === selected ? 0 : -1}
            data-tab={tab.id}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={panelId(selected)} aria-labelledby={tabId(selected)} tabIndex={0}>
        {children}
      </div>
    </>
  )
}
