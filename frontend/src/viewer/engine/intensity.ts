/** Intensity statistics for display windows; pure so they are unit-tested. */

export interface ArrayLikeNumbers {
  readonly length: number
  readonly [index: number]: number
}

/**
 * Quantiles (q in [0, 1]) of finite values, estimated on at most `maxSamples` evenly strided voxels so a large
 * volume costs no more than a small one.
 */
export function quantiles(values: ArrayLikeNumbers, qs: readonly number[], maxSamples = 200_000): number[] {
  const stride = Math.max(1, Math.floor(values.length / maxSamples))
  const sample: number[] = []
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i]
    if (Number.isFinite(v)) sample.push(v)
  }
  if (sample.length === 0) return qs.map(() => 0)
  sample.sort((a, b) => a - b)
  return qs.map((q) => sample[Math.min(sample.length - 1, Math.max(0, Math.round(q * (sample.length - 1))))])
}

/**
 * Quantiles of the tissue only: an MR volume is mostly air at or near its minimum, which drags whole-image
 * percentiles towards zero. Voxels at or below `backgroundFraction` of the way from the minimum to the 99th
 * percentile count as background and are left out (all voxels are used when nothing would remain).
 */
export function tissueQuantiles(
  values: ArrayLikeNumbers,
  qs: readonly number[],
  backgroundFraction = 0.05,
  maxSamples = 200_000,
): number[] {
  const [low, high] = quantiles(values, [0, 0.99], maxSamples)
  const cut = low + (high - low) * backgroundFraction
  const stride = Math.max(1, Math.floor(values.length / maxSamples))
  const tissue: number[] = []
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i]
    if (Number.isFinite(v) && v > cut) tissue.push(v)
  }
  return tissue.length ? quantiles(tissue, qs, maxSamples) : quantiles(values, qs, maxSamples)
}
