import { useEffect, useRef } from 'react'
import { type HotkeyAction, hotkeyAction, isTypingTarget } from '../utils/hotkeys'

/** Listens at window level so hotkeys work whether the canvas or a toolbar button has focus. */
export function useAnnotationHotkeys(onAction: (action: HotkeyAction) => void) {
  const handler = useRef(onAction)
  handler.current = onAction
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target)) return
      const action = hotkeyAction(event)
      if (!action) return
      event.preventDefault()
      handler.current(action)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
