import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ActiveClockStore, type ClockHost } from './active-clock-store'
import { AUTOSAVE_DELAY_MS, DraftAutosave, type DrawingSource, isUnsaved } from './draft-autosave'

const host: ClockHost = { addEventListener: () => {}, removeEventListener: () => {} }

/** An engine stand-in: counts subscriptions to its edits and lets the test make one. */
function fakeEngine() {
  const listeners = new Set<() => void>()
  const unsubscribe = vi.fn()
  const on = vi.fn((_event: 'labelmapEdited', listener: () => void) => {
    listeners.add(listener)
    return () => {
      unsubscribe()
      listeners.delete(listener)
    }
  })
  const engine: DrawingSource = { on, getLabelmap: () => Promise.resolve(new Uint8Array([1, 2, 3])) }
  const edit = () => listeners.forEach((listener) => listener())
  return { engine, on, unsubscribe, edit }
}

function session(options: { autosave?: boolean; write?: (mask: Uint8Array) => Promise<unknown> } = {}) {
  const clock = new ActiveClockStore(() => Date.now())
  const write = vi.fn(options.write ?? (() => Promise.resolve()))
  const onError = vi.fn()
  const draft = new DraftAutosave({ autosave: options.autosave ?? true, write, onError })
  return { clock, draft, write, onError }
}

describe('DraftAutosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('subscribes to the engine once per case: 5 s of the active clock ticking neither rebuilds nor re-renders it', () => {
    // The old workspace rebuilt `saveNow` and the `labelmapEdited` subscription on every clock tick (once a second)
    // because the clock hook returned a new object per render. Now the clock is a store whose ticks reach only
    // its own subscribers, and the draft's methods are fixed, so the hook effect that calls `attach` has nothing
    // that changes while the user works.
    const { clock, draft } = session()
    const { engine, on, unsubscribe } = fakeEngine()
    const { saveNow, untouched, isLeaving, subscribe, getSnapshot } = draft
    const clockTicks = vi.fn()
    const saveStateChanges = vi.fn()
    clock.subscribe(clockTicks)
    draft.subscribe(saveStateChanges)
    const disconnect = clock.connect(host)
    const detach = draft.attach(engine)

    vi.advanceTimersByTime(5000)

    expect(clockTicks).toHaveBeenCalledTimes(5)
    expect(on).toHaveBeenCalledTimes(1)
    expect(on).toHaveBeenCalledWith('labelmapEdited', expect.any(Function))
    expect(unsubscribe).not.toHaveBeenCalled()
    expect(saveStateChanges).not.toHaveBeenCalled()
    expect([draft.saveNow, draft.untouched, draft.isLeaving, draft.subscribe, draft.getSnapshot]).toEqual([
      saveNow,
      untouched,
      isLeaving,
      subscribe,
      getSnapshot,
    ])
    detach()
    expect(unsubscribe).toHaveBeenCalledTimes(1)
    disconnect()
  })

  it('autosaves a short while after the last edit, with the active time at that moment', async () => {
    const { clock, draft, write } = session({})
    const writeWithTime = vi.fn()
    write.mockImplementation(() => {
      writeWithTime(clock.seconds())
      return Promise.resolve()
    })
    const { engine, edit } = fakeEngine()
    draft.attach(engine)
    const disconnect = clock.connect(host)
    edit()
    expect(draft.getSnapshot()).toBe('dirty')
    expect(isUnsaved(draft.getSnapshot())).toBe(true)
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100)
    edit() // a new edit pushes the save back
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100)
    expect(write).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(100)
    expect(write).toHaveBeenCalledTimes(1)
    expect(write).toHaveBeenCalledWith(new Uint8Array([1, 2, 3]))
    expect(writeWithTime).toHaveBeenCalledWith((2 * AUTOSAVE_DELAY_MS - 100) / 1000)
    expect(draft.getSnapshot()).toBe('saved')
    expect(draft.untouched()).toBe(false)
    disconnect()
  })

  it('saves edits made during a save in a follow-up', async () => {
    let finish = () => {}
    const { draft, write } = session({
      write: () =>
        new Promise<void>((resolve) => {
          finish = resolve
        }),
    })
    const { engine, edit } = fakeEngine()
    draft.attach(engine)
    edit()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(draft.getSnapshot()).toBe('saving')
    edit()
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(draft.getSnapshot()).toBe('dirty')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(write).toHaveBeenCalledTimes(2)
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(draft.getSnapshot()).toBe('saved')
  })

  it('reports a failed save and keeps the changes unsaved', async () => {
    const { draft, onError } = session({ write: () => Promise.reject(new Error('disk full')) })
    const { engine, edit } = fakeEngine()
    draft.attach(engine)
    edit()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(draft.getSnapshot()).toBe('error')
    expect(isUnsaved('error')).toBe(true)
    expect(onError).toHaveBeenCalledWith('Autosave failed: disk full')
  })

  it('stops autosaving once the user leaves (submit, skip, correction) and resumes if that fails', async () => {
    const { draft, write } = session()
    const { engine, edit } = fakeEngine()
    draft.attach(engine)
    edit()
    draft.leave()
    expect(draft.isLeaving()).toBe(true)
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2)
    expect(write).not.toHaveBeenCalled()
    draft.stay()
    await draft.saveNow()
    expect(write).toHaveBeenCalledTimes(1)
    draft.finished()
    expect(draft.getSnapshot()).toBe('clean')
  })

  it('tracks a correction as dirty without writing a draft', async () => {
    const { draft, write } = session({ autosave: false })
    const { engine, edit } = fakeEngine()
    draft.attach(engine)
    edit()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2)
    await draft.saveNow()
    expect(write).not.toHaveBeenCalled()
    expect(draft.getSnapshot()).toBe('dirty')
  })

  it('calls a case untouched until it is edited, restored from a draft, or left', () => {
    const fresh = session().draft
    expect(fresh.untouched()).toBe(true)
    const restored = session().draft
    restored.draftRestored()
    expect(restored.untouched()).toBe(false)
    const leaving = session().draft
    leaving.leave()
    expect(leaving.untouched()).toBe(false)
    const edited = session().draft
    edited.edited()
    expect(edited.untouched()).toBe(false)
  })
})
