import { ActiveClock } from './active-clock'

/** What the page shows: whole active seconds and whether the clock is paused for idleness. */
export interface ActiveTime {
  seconds: number
  idle: boolean
}

/** The input that counts as activity, and the timer that refreshes the shown time. */
export interface ClockHost {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void
  removeEventListener(type: string, listener: () => void): void
}

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const
const REFRESH_MS = 1000

/**
 * The active clock of one case as an external store (subscribe/getSnapshot, for `useSyncExternalStore`). Its
 * methods are fixed per instance, so callers that need the time (autosave, submit) depend on an object that never
 * changes; only the snapshot changes, once a second, and only the component that shows it re-renders.
 */
export class ActiveClockStore {
  private clock: ActiveClock
  private snapshot: ActiveTime = { seconds: 0, idle: false }
  private readonly listeners = new Set<() => void>()

  constructor(private readonly now: () => number = () => performance.now()) {
    this.clock = new ActiveClock(now())
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The same object until the shown time changes, as `useSyncExternalStore` requires. */
  readonly getSnapshot = (): ActiveTime => this.snapshot

  /** Exact active seconds, for what is sent to the server. */
  readonly seconds = (): number => this.clock.seconds(this.now())

  /** Starts over from `startSeconds` (a restored draft continues its time). */
  readonly restart = (startSeconds: number): void => {
    this.clock = new ActiveClock(this.now(), startSeconds)
    this.publish()
  }

  readonly input = (): void => this.clock.input(this.now())

  /** Listens for input on `host` and refreshes the shown time every second; returns the disconnect. */
  connect(host: ClockHost): () => void {
    for (const name of INPUT_EVENTS) host.addEventListener(name, this.input, { passive: true })
    const timer = setInterval(() => this.publish(), REFRESH_MS)
    return () => {
      for (const name of INPUT_EVENTS) host.removeEventListener(name, this.input)
      clearInterval(timer)
    }
  }

  private publish(): void {
    const now = this.now()
    const next = { seconds: Math.floor(this.clock.seconds(now)), idle: this.clock.isIdle(now) }
    if (next.seconds === this.snapshot.seconds && next.idle === this.snapshot.idle) return
    this.snapshot = next
    for (const listener of this.listeners) listener()
  }
}
