import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ActiveClockStore, type ClockHost } from './active-clock-store'

/** A window stand-in: records listeners so a test can send input. */
function fakeHost() {
  const listeners = new Map<string, Set<() => void>>()
  const host: ClockHost = {
    addEventListener: (type, listener) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener)),
    removeEventListener: (type, listener) => listeners.get(type)?.delete(listener),
  }
  const send = (type: string) => listeners.get(type)?.forEach((listener) => listener())
  const count = () => [...listeners.values()].reduce((total, set) => total + set.size, 0)
  return { host, send, count }
}

describe('ActiveClockStore', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('publishes whole seconds once a second and keeps the snapshot object while nothing changed', () => {
    const clock = new ActiveClockStore(() => Date.now())
    const { host } = fakeHost()
    const listener = vi.fn()
    clock.subscribe(listener)
    const disconnect = clock.connect(host)
    const first = clock.getSnapshot()
    expect(clock.getSnapshot()).toBe(first)
    vi.advanceTimersByTime(3000)
    expect(listener).toHaveBeenCalledTimes(3)
    expect(clock.getSnapshot()).toEqual({ seconds: 3, idle: false })
    expect(clock.getSnapshot()).toBe(clock.getSnapshot())
    disconnect()
    vi.advanceTimersByTime(3000)
    expect(listener).toHaveBeenCalledTimes(3)
  })

  it('pauses after a minute without input and resumes on input', () => {
    const clock = new ActiveClockStore(() => Date.now())
    const { host, send } = fakeHost()
    const disconnect = clock.connect(host)
    vi.advanceTimersByTime(90_000)
    expect(clock.getSnapshot()).toEqual({ seconds: 60, idle: true })
    send('keydown')
    vi.advanceTimersByTime(5000)
    expect(clock.getSnapshot()).toEqual({ seconds: 65, idle: false })
    expect(clock.seconds()).toBe(65)
    disconnect()
  })

  it('restarts from a restored draft and removes its input listeners on disconnect', () => {
    const clock = new ActiveClockStore(() => Date.now())
    const { host, count } = fakeHost()
    const disconnect = clock.connect(host)
    expect(count()).toBe(4)
    clock.restart(125.7)
    expect(clock.getSnapshot().seconds).toBe(125)
    expect(clock.seconds()).toBeCloseTo(125.7)
    disconnect()
    expect(count()).toBe(0)
  })
})
