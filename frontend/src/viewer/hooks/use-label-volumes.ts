import { useCallback, useSyncExternalStore } from 'react'
import type { LabelVolumes, ViewerEngine } from '@/viewer/engine/viewer-engine'

/**
 * The engine's label volumes (voxels per label value), pushed after every edit and while a stroke is painted; null
 * until the case is loaded. The measurements panel and the read-only patient page show them; the toolbar's label
 * tools check the label is not empty.
 */
export function useLabelVolumes(engine: ViewerEngine | null, ready: boolean): LabelVolumes | null {
  const live = ready ? engine : null
  return useSyncExternalStore(
    useCallback((notify: () => void) => live?.on('labelVolumes', notify) ?? (() => undefined), [live]),
    () => live?.labelVolumes() ?? null,
  )
}
