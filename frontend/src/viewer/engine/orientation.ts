/**
 * Orientation markers at the edges of a 2D view. Radiological convention (the default, as on a PACS) shows the
 * patient as if facing the viewer: the patient's right on the screen's left. Neurological shows it as seen from
 * behind/above: left on the left. Sagittal views are the same in both (anterior on the right). Mirrors how
 * NiiVue lays the slices out, so the letters always match the pixels.
 */
export type Convention = 'radiological' | 'neurological'
export type SinglePlane = 'axial' | 'coronal' | 'sagittal'

export interface OrientationMarkers {
  left: string
  right: string
  top: string
  bottom: string
}

export function orientationMarkers(plane: SinglePlane, convention: Convention): OrientationMarkers {
  if (plane === 'sagittal') return { left: 'P', right: 'A', top: 'S', bottom: 'I' }
  const [left, right] = convention === 'radiological' ? ['R', 'L'] : ['L', 'R']
  return plane === 'axial' ? { left, right, top: 'A', bottom: 'P' } : { left, right, top: 'S', bottom: 'I' }
}

const STORAGE_KEY = 'radloop.viewer.orientation'

/** `window.localStorage`, whose getter itself may throw (storage disabled by the browser's settings). */
type StorageGetter<T> = () => T | null

/** The reader's saved convention; radiological unless they chose neurological. */
export function loadConvention(storage: StorageGetter<Pick<Storage, 'getItem'>>): Convention {
  try {
    return storage()?.getItem(STORAGE_KEY) === 'neurological' ? 'neurological' : 'radiological'
  } catch {
    return 'radiological' // storage refused: the default is the safe answer
  }
}

export function saveConvention(storage: StorageGetter<Pick<Storage, 'setItem'>>, convention: Convention): void {
  try {
    storage()?.setItem(STORAGE_KEY, convention)
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}
