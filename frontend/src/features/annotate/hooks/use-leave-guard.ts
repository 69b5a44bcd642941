import { useEffect } from 'react'
import { useBlocker } from 'react-router'

/**
 * Warns before leaving with unsaved changes: the browser's own prompt on reload/close (beforeunload), and a
 * confirmation for in-app navigation (React Router's blocker). `allow()` (a stable function) lets a submit navigate
 * away freely.
 */
export function useLeaveGuard(dirty: boolean, message: string, allow: () => boolean) {
  useEffect(() => {
    if (!dirty) return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (allow()) return undefined
      event.preventDefault()
      event.returnValue = message
      return message
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [dirty, message, allow])
  return useBlocker(
    ({ currentLocation, nextLocation }) => dirty && !allow() && currentLocation.pathname !== nextLocation.pathname,
  )
}
