import { useEffect, useEffectEvent } from 'react'
import { type HotkeyAction, hotkeyAction, isTypingTarget } from '../utils/hotkeys'

/** Listens at window level so hotkeys work whether the canvas or a toolbar button has focus. */
export function useAnnotationHotkeys(onAction: (action: HotkeyAction) => void) {
  // An effect event: the listener is added once and still calls the latest `onAction`.
  const handle = useEffectEvent(onAction)
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target)) return
      const action = hotkeyAction(event)
      if (!action) return
      event.preventDefault()
      handle(action)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
