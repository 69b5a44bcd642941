import { describe, expect, it } from 'vitest'
import { tissueQuantiles } from './intensity'
import { MR_PRESETS, presetsFor, windowLevel, windowRange } from './window-presets'

/** A synthetic MR slab: half air at 0, tissue spread over 100..600, a few bright lesion voxels at 1000. */
function mrImage(): Float32Array {
  const values: number[] = []
  for (let i = 0; i < 5000; i++) values.push(0)
  for (let i = 0; i < 4990; i++) values.push(100 + (500 * i) / 4989)
  for (let i = 0; i < 10; i++) values.push(1000)
  return Float32Array.from(values)
}

function presetWindow(name: string, image: Float32Array): [number, number] {
  const preset = MR_PRESETS.find((p) => p.name === name)!
  const { low, high } = preset.percentiles!
  return tissueQuantiles(image, [low, high]) as [number, number]
}

describe('window presets', () => {
  it('converts between [min, max] and width/level', () => {
    expect(windowRange([350, 50])).toEqual([-125, 225])
    expect(windowLevel([-125, 225])).toEqual({ width: 350, level: 50 })
    expect(windowLevel(windowRange([1500, -600]))).toEqual({ width: 1500, level: -600 })
  })

  it('offers CT windows in HU for CT and percentile windows for MR', () => {
    expect(presetsFor('ct').map((p) => p.name)).toContain('ct-lung')
    expect(presetsFor('MR').map((p) => p.name)).toEqual(['auto', 'mr-auto', 'mr-t1', 'mr-t2'])
  })

  it('leaves the air out of tissue percentiles', () => {
    const [p1] = tissueQuantiles(mrImage(), [0.01])
    expect(p1).toBeGreaterThan(100)
    expect(tissueQuantiles(new Float32Array(10), [0.5])).toEqual([0]) // all background: whole-image answer
  })

  it('gives T1 a narrower, higher-contrast window than T2/FLAIR, which keeps bright lesions unclipped', () => {
    const image = mrImage()
    const [t1Low, t1High] = presetWindow('mr-t1', image)
    const [t2Low, t2High] = presetWindow('mr-t2', image)
    expect(t1High - t1Low).toBeLessThan(t2High - t2Low)
    expect(t1High).toBeLessThan(1000) // lesions saturate on T1 …
    expect(t2High).toBe(1000) // … and stay graded on T2/FLAIR
    expect(t2Low).toBeGreaterThan(t1Low) // FLAIR's dark CSF end is cut away
  })
})
