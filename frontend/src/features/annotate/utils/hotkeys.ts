/** Keyboard map of the annotation page. Pure, so the mapping is unit-tested and the visible list cannot drift. */

export type HotkeyAction =
  | 'brush'
  | 'eraser'
  | 'navigate'
  | 'undo'
  | 'next-slice'
  | 'previous-slice'
  | 'reset-contrast'
  | 'toggle-uncertainty'
  | 'bigger-brush'
  | 'smaller-brush'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

export const HOTKEYS: ReadonlyArray<{ keys: string; action: HotkeyAction; description: string }> = [
  { keys: 'B', action: 'brush', description: 'Brush' },
  { keys: 'E', action: 'eraser', description: 'Eraser' },
  { keys: 'N', action: 'navigate', description: 'Navigate (click moves the crosshair)' },
  { keys: 'Ctrl+Z', action: 'undo', description: 'Undo last stroke' },
  { keys: '↑ / PageUp', action: 'next-slice', description: 'Next slice (or mouse wheel)' },
  { keys: '↓ / PageDown', action: 'previous-slice', description: 'Previous slice' },
  { keys: '[ / ]', action: 'smaller-brush', description: 'Smaller / bigger brush' },
  { keys: 'R', action: 'reset-contrast', description: 'Reset window/level (right-drag changes it)' },
  { keys: 'U', action: 'toggle-uncertainty', description: 'Show/hide uncertainty overlay' },
]

export function hotkeyAction(event: KeyLike): HotkeyAction | null {
  if (event.altKey) return null
  const key = event.key
  if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === 'z') return 'undo'
  if (event.ctrlKey || event.metaKey) return null
  switch (key) {
    case 'b':
    case 'B':
      return 'brush'
    case 'e':
    case 'E':
      return 'eraser'
    case 'n':
    case 'N':
      return 'navigate'
    case 'ArrowUp':
    case 'PageUp':
      return 'next-slice'
    case 'ArrowDown':
    case 'PageDown':
      return 'previous-slice'
    case 'r':
    case 'R':
      return 'reset-contrast'
    case 'u':
    case 'U':
      return 'toggle-uncertainty'
    case ']':
      return 'bigger-brush'
    case '[':
      return 'smaller-brush'
    default:
      return null
  }
}

/** Typing a number into the brush-size field must not switch tools. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof target !== 'object' || !('tagName' in target)) return false
  const tag = String((target as { tagName: string }).tagName).toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = String((target as { type?: string }).type ?? 'text').toLowerCase()
  return !['range', 'checkbox', 'radio', 'button', 'submit'].includes(type)
}
