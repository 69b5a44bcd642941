import { useEffect, useState, useSyncExternalStore } from 'react'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { saveDraft } from '../api/draft'
import type { ActiveClockStore } from '../utils/active-clock-store'
import { DraftAutosave, type SaveState } from '../utils/draft-autosave'

/**
 * Dirty tracking and autosave for one case. Built once per mounted workspace (the routes key the workspace by
 * patient), so the options are read once; the returned object and its methods never change.
 */
export function useDraftAutosave(options: {
  patientId: string
  autosave: boolean
  clock: ActiveClockStore
  onError: (message: string) => void
}): DraftAutosave {
  const [draft] = useState(
    () =>
      new DraftAutosave({
        autosave: options.autosave,
        write: (mask) => saveDraft(options.patientId, mask, options.clock.seconds()),
        onError: options.onError,
      }),
  )
  useEffect(() => () => draft.dispose(), [draft])
  return draft
}

/**
 * Follows the engine's edits once the case is loaded (`engine` null until then): one subscription for the life of
 * the case, since neither argument changes while the user works.
 */
export function useTrackEdits(draft: DraftAutosave, engine: ViewerEngine | null): void {
  useEffect(() => (engine ? draft.attach(engine) : undefined), [draft, engine])
}

export function useSaveState(draft: DraftAutosave): SaveState {
  return useSyncExternalStore(draft.subscribe, draft.getSnapshot)
}
