import { describe, expect, it } from 'vitest'
import { quantiles } from './intensity'

describe('quantiles', () => {
  it('returns the requested order statistics, ignoring NaN', () => {
    const values = Float32Array.from([...Array.from({ length: 101 }, (_, i) => i), Number.NaN])
    expect(quantiles(values, [0, 0.8, 1])).toEqual([0, 80, 100])
  })

  it('subsamples large inputs and handles empty ones', () => {
    const values = Float32Array.from({ length: 1_000_000 }, (_, i) => i / 1_000_000)
    const [median] = quantiles(values, [0.5], 10_000)
    expect(median).toBeCloseTo(0.5, 2)
    expect(quantiles([], [0.5])).toEqual([0])
  })
})
