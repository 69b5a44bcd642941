import { describe, expect, it } from 'vitest'
import { HOTKEYS, hotkeyAction, isTypingTarget } from './hotkeys'

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
})

describe('hotkeyAction', () => {
  it('maps the documented tool keys', () => {
    expect(hotkeyAction(key('b'))).toBe('brush')
    expect(hotkeyAction(key('E'))).toBe('eraser')
    expect(hotkeyAction(key('z', { ctrlKey: true }))).toBe('undo')
    expect(hotkeyAction(key('z', { metaKey: true }))).toBe('undo')
    expect(hotkeyAction(key('ArrowUp'))).toBe('next-slice')
    expect(hotkeyAction(key('m'))).toBe('ruler')
    expect(hotkeyAction(key('M'))).toBe('ruler')
  })

  it('maps redo, help, zoom, fill and the view keys', () => {
    expect(hotkeyAction(key('y', { ctrlKey: true }))).toBe('redo')
    expect(hotkeyAction({ ...key('Z', { ctrlKey: true }), shiftKey: true })).toBe('redo')
    expect(hotkeyAction(key('?'))).toBe('help')
    expect(hotkeyAction(key('+'))).toBe('zoom-in')
    expect(hotkeyAction(key('-'))).toBe('zoom-out')
    expect(hotkeyAction(key('0'))).toBe('zoom-reset')
    expect(hotkeyAction(key('f'))).toBe('fill')
    expect(hotkeyAction(key('3'))).toBe('plane-sagittal')
  })

  it('toggles the overlays: uncertainty (U) and, when reviewing, the model prediction (P)', () => {
    expect(hotkeyAction(key('u'))).toBe('toggle-uncertainty')
    expect(hotkeyAction(key('p'))).toBe('toggle-prediction')
    expect(hotkeyAction(key('P'))).toBe('toggle-prediction')
    expect(hotkeyAction(key('p', { ctrlKey: true }))).toBeNull() // Ctrl+P prints
    expect(HOTKEYS.find((h) => h.action === 'toggle-prediction')?.keys).toBe('P')
  })

  it("toggles the outlines of a double-read case's masks with J, K and L", () => {
    expect(hotkeyAction(key('j'))).toBe('toggle-read-1')
    expect(hotkeyAction(key('K'))).toBe('toggle-read-2')
    expect(hotkeyAction(key('l'))).toBe('toggle-consensus')
    expect(HOTKEYS.find((h) => h.action === 'toggle-consensus')?.keys).toBe('L')
  })

  it('maps the label-editing tools, and each documented key to one action only', () => {
    expect(hotkeyAction(key('g'))).toBe('grow-3d')
    expect(hotkeyAction(key('I'))).toBe('fill-between')
    expect(hotkeyAction(key('d'))).toBe('remove-islands')
    expect(hotkeyAction(key('S'))).toBe('smooth')
    // Ctrl+S (save page) and Ctrl+D (bookmark) stay the browser's.
    expect(hotkeyAction(key('s', { ctrlKey: true }))).toBeNull()
    expect(hotkeyAction(key('d', { ctrlKey: true }))).toBeNull()
    const single = HOTKEYS.filter((h) => /^[A-Z]$/.test(h.keys))
    const actions = single.map((h) => hotkeyAction(key(h.keys.toLowerCase())))
    expect(actions).toEqual(single.map((h) => h.action))
    expect(new Set(single.map((h) => h.keys)).size).toBe(single.length)
  })

  it('leaves other shortcuts (ctrl+b, alt+e, plain z) to the browser', () => {
    expect(hotkeyAction(key('b', { ctrlKey: true }))).toBeNull()
    expect(hotkeyAction(key('e', { altKey: true }))).toBeNull()
    expect(hotkeyAction(key('z'))).toBeNull()
  })
})

describe('isTypingTarget', () => {
  it('ignores keys typed into text fields but not into sliders', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' } as unknown as EventTarget)).toBe(true)
    expect(isTypingTarget({ tagName: 'INPUT', type: 'range' } as unknown as EventTarget)).toBe(false)
    expect(isTypingTarget({ tagName: 'CANVAS' } as unknown as EventTarget)).toBe(false)
  })
})
