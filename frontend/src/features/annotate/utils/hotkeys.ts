/** Keyboard map of the annotation page. Pure, so the mapping is unit-tested and the visible list cannot drift. */

export type HotkeyAction =
  | 'brush'
  | 'eraser'
  | 'navigate'
  | 'ruler'
  | 'undo'
  | 'next-slice'
  | 'previous-slice'
  | 'reset-contrast'
  | 'toggle-uncertainty'
  | 'toggle-prediction'
  | 'toggle-read-1'
  | 'toggle-read-2'
  | 'toggle-consensus'
  | 'bigger-brush'
  | 'smaller-brush'
  | 'redo'
  | 'help'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'fill'
  | 'fill-between'
  | 'grow-3d'
  | 'remove-islands'
  | 'smooth'
  | 'plane-axial'
  | 'plane-coronal'
  | 'plane-sagittal'
  | 'plane-multiplanar'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey?: boolean
}

export const HOTKEYS: ReadonlyArray<{ keys: string; action: HotkeyAction; description: string }> = [
  { keys: 'B', action: 'brush', description: 'Brush' },
  { keys: 'E', action: 'eraser', description: 'Eraser' },
  { keys: 'N', action: 'navigate', description: 'Navigate (click moves the crosshair)' },
  { keys: 'M', action: 'ruler', description: 'Ruler: drag to measure a length in mm' },
  { keys: 'Ctrl+Z', action: 'undo', description: 'Undo the last stroke or tool' },
  { keys: 'Ctrl+Y / Ctrl+Shift+Z', action: 'redo', description: 'Redo' },
  { keys: 'F', action: 'fill', description: 'Fill the region at the crosshair within the intensity range' },
  { keys: 'G', action: 'grow-3d', description: 'Grow the label in 3D from the crosshair within the intensity range' },
  { keys: 'I', action: 'fill-between', description: 'Fill between slices: interpolate the label across empty slices' },
  { keys: 'D', action: 'remove-islands', description: 'Remove islands of the label smaller than the set size' },
  { keys: 'S', action: 'smooth', description: 'Smooth the label: close holes and notches up to the set radius' },
  { keys: '+ / −', action: 'zoom-in', description: 'Zoom in / out (0 resets)' },
  { keys: '1 2 3 4', action: 'plane-axial', description: 'Axial, coronal, sagittal, multiplanar view' },
  { keys: '↑ / PageUp', action: 'next-slice', description: 'Next slice (or mouse wheel)' },
  { keys: '↓ / PageDown', action: 'previous-slice', description: 'Previous slice' },
  { keys: '[ / ]', action: 'smaller-brush', description: 'Smaller / bigger brush' },
  { keys: 'R', action: 'reset-contrast', description: 'Reset window/level (right-drag changes it)' },
  { keys: 'U', action: 'toggle-uncertainty', description: 'Show/hide uncertainty overlay' },
  { keys: 'P', action: 'toggle-prediction', description: "Show/hide the model prediction's outline (review)" },
  { keys: 'J', action: 'toggle-read-1', description: "Show/hide read 1's outline (review of a double-read case)" },
  { keys: 'K', action: 'toggle-read-2', description: "Show/hide read 2's outline (review of a double-read case)" },
  {
    keys: 'L',
    action: 'toggle-consensus',
    description: "Show/hide the consensus's outline (review of a double-read case)",
  },
  { keys: '?', action: 'help', description: 'Show/hide this help' },
]

export function hotkeyAction(event: KeyLike): HotkeyAction | null {
  if (event.altKey) return null
  const key = event.key
  if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === 'y') return 'redo'
  if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === 'z') return event.shiftKey ? 'redo' : 'undo'
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
    case 'm':
    case 'M':
      return 'ruler'
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
    case 'p':
    case 'P':
      return 'toggle-prediction'
    case 'j':
    case 'J':
      return 'toggle-read-1'
    case 'k':
    case 'K':
      return 'toggle-read-2'
    case 'l':
    case 'L':
      return 'toggle-consensus'
    case ']':
      return 'bigger-brush'
    case '[':
      return 'smaller-brush'
    case '?':
      return 'help'
    case '+':
    case '=':
      return 'zoom-in'
    case '-':
      return 'zoom-out'
    case '0':
      return 'zoom-reset'
    case 'f':
    case 'F':
      return 'fill'
    case 'g':
    case 'G':
      return 'grow-3d'
    case 'i':
    case 'I':
      return 'fill-between'
    case 'd':
    case 'D':
      return 'remove-islands'
    case 's':
    case 'S':
      return 'smooth'
    case '1':
      return 'plane-axial'
    case '2':
      return 'plane-coronal'
    case '3':
      return 'plane-sagittal'
    case '4':
      return 'plane-multiplanar'
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
