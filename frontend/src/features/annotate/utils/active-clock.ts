/**
 * Active time on a case: wall time while the radiologist gives input, with idle stretches (no input for more
 * than `idleMs`) left out. Pure (the caller passes `now`), so the rule is unit-tested without timers.
 */
export const IDLE_AFTER_MS = 60_000

export class ActiveClock {
  private totalMs: number
  private lastTick: number
  private lastInput: number

  constructor(
    now: number,
    startSeconds = 0,
    private readonly idleMs = IDLE_AFTER_MS,
  ) {
    this.totalMs = startSeconds * 1000
    this.lastTick = now
    this.lastInput = now
  }

  /** Any keyboard, mouse or wheel input. */
  input(now: number): void {
    this.tick(now)
    this.lastInput = now
  }

  /** Folds the time since the last tick into the total, counting only up to `idleMs` after the last input. */
  tick(now: number): void {
    const activeUntil = Math.min(now, this.lastInput + this.idleMs)
    if (activeUntil > this.lastTick) this.totalMs += activeUntil - this.lastTick
    this.lastTick = Math.max(this.lastTick, now)
  }

  seconds(now: number): number {
    this.tick(now)
    return this.totalMs / 1000
  }

  isIdle(now: number): boolean {
    return now - this.lastInput > this.idleMs
  }
}
