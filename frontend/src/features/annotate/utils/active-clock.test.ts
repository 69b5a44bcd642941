import { describe, expect, it } from 'vitest'
import { ActiveClock } from './active-clock'

describe('ActiveClock', () => {
  it('counts time while input keeps coming', () => {
    const clock = new ActiveClock(0)
    clock.input(10_000)
    clock.input(40_000)
    expect(clock.seconds(50_000)).toBe(50)
  })

  it('stops counting 60 s after the last input and resumes on the next one', () => {
    const clock = new ActiveClock(0)
    clock.input(30_000)
    expect(clock.seconds(300_000)).toBe(90) // 30 s of work + the 60 s grace, then idle
    expect(clock.isIdle(300_000)).toBe(true)
    clock.input(300_000)
    expect(clock.seconds(310_000)).toBe(100)
  })

  it('continues from a restored draft', () => {
    const clock = new ActiveClock(1_000, 42)
    expect(clock.seconds(3_000)).toBe(44)
  })
})
