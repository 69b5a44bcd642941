import { useEffect, useState } from 'react'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'

/**
 * Whether the reviewer changed the drawing since it was loaded (any stroke or tool, undone or not): their edit is
 * then theirs to accept, and leaving the page asks first. Pass the engine once the case is loaded (null before), so
 * loading the read itself is not counted as an edit, and the mask the drawing was last loaded from as `start`: a
 * new start is a fresh drawing, not yet edited.
 */
export function useEdited(engine: ViewerEngine | null, start = ''): boolean {
  const [editedOn, setEditedOn] = useState<{ engine: ViewerEngine; start: string } | null>(null)
  useEffect(() => engine?.on('labelmapEdited', () => setEditedOn({ engine, start })), [engine, start])
  return engine !== null && editedOn?.engine === engine && editedOn.start === start
}
