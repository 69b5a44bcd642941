import { afterEach, describe, expect, it } from 'vitest'
import {
  PROGRESSIVE_MIN_VOXELS,
  loadsProgressively,
  measured,
  startVolumeDownloads,
  windowToCarry,
} from './volume-loader'

const bytes = (n: number) => new Uint8Array([n]).buffer

/** Download steps that log when each request starts; a name in `fail` makes that request reject. */
function recorder(fail: string[] = [], progressive = true, controller = new AbortController()) {
  const log: string[] = []
  const request = (name: string, value: number) => async () => {
    log.push(name)
    await Promise.resolve()
    if (fail.includes(name)) throw new Error(`${name} failed`)
    return bytes(value)
  }
  const downloads = startVolumeDownloads({
    progressive,
    fetchPreview: request('preview', 1),
    fetchFull: request('full', 2),
    signal: controller.signal,
  })
  return { log, downloads }
}

const first = async (buffer: Promise<ArrayBuffer | null>) => {
  const value = await buffer
  return value ? new Uint8Array(value)[0] : null
}

describe('which volumes open on a preview', () => {
  it('is the volumes above 16M voxels, such as a 512×512×300 CT', () => {
    expect(loadsProgressively([512, 512, 300])).toBe(true)
    expect(loadsProgressively([320, 260, 25])).toBe(false)
    expect(loadsProgressively([256, 256, 256])).toBe(false) // exactly the threshold
    expect(256 ** 3).toBe(PROGRESSIVE_MIN_VOXELS)
    expect(loadsProgressively([256, 256, 257])).toBe(true)
    expect(loadsProgressively([4096, 4096, 1])).toBe(false) // a 2D image's third axis counts as 1
    expect(loadsProgressively([8192, 4096, 1, 1])).toBe(true) // extra axes are ignored
  })
})

describe('the window carried from the preview to the full volume', () => {
  it("is the reader's own when they changed it, else none (the full volume's own is better)", () => {
    expect(windowToCarry([-100, 300], [-100, 300])).toBeNull()
    expect(windowToCarry([-100, 300], [40, 80])).toEqual([40, 80])
    expect(windowToCarry([-100, 300], [-100, 301])).toEqual([-100, 301])
    expect(windowToCarry(null, [40, 80])).toBeNull()
    expect(windowToCarry([-100, 300], null)).toBeNull()
  })
})

describe('measured', () => {
  afterEach(() => performance.clearMeasures())

  it('records how long the work took under its name and passes its result on', async () => {
    const result = await measured('radloop:test:decode', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return 42
    })
    expect(result).toBe(42)
    const [entry] = performance.getEntriesByName('radloop:test:decode')
    expect(entry.entryType).toBe('measure')
    expect(entry.duration).toBeGreaterThanOrEqual(15)
  })

  it('records a failed step too, and rethrows', async () => {
    await expect(
      measured('radloop:test:upload', () => {
        throw new Error('context lost')
      }),
    ).rejects.toThrow('context lost')
    expect(performance.getEntriesByName('radloop:test:upload')).toHaveLength(1)
  })
})

describe('startVolumeDownloads', () => {
  it('downloads only the full volume for a volume that needs no preview', async () => {
    const { log, downloads } = recorder([], false)
    expect(await first(downloads.preview)).toBeNull()
    expect(await first(downloads.full)).toBe(2)
    expect(log).toEqual(['full'])
  })

  it('asks for the full volume only once the preview bytes are in', async () => {
    const { log, downloads } = recorder()
    expect(log).toEqual(['preview'])
    expect(await first(downloads.preview)).toBe(1)
    expect(await first(downloads.full)).toBe(2)
    expect(log).toEqual(['preview', 'full'])
  })

  it('opens at full resolution when the preview cannot be fetched', async () => {
    const { log, downloads } = recorder(['preview'])
    expect(await first(downloads.preview)).toBeNull()
    expect(await first(downloads.full)).toBe(2)
    expect(log).toEqual(['preview', 'full'])
  })

  it('reports a failed full download where it is awaited, and nowhere else', async () => {
    const { downloads } = recorder(['full'])
    expect(await first(downloads.preview)).toBe(1)
    await expect(downloads.full).rejects.toThrow('full failed')
  })

  it('passes an abort on: a case left while its preview downloads fetches nothing more', async () => {
    const controller = new AbortController()
    controller.abort()
    const { log, downloads } = recorder(['preview'], true, controller)
    await expect(downloads.preview).rejects.toThrow('preview failed')
    await expect(downloads.full).rejects.toThrow('preview failed')
    expect(log).toEqual(['preview'])
  })
})
