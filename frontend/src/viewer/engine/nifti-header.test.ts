import { describe, expect, it } from 'vitest'
import { readNiftiShape, sameShape } from './nifti-header'

function header(dims: number[], littleEndian = true): Uint8Array {
  const bytes = new Uint8Array(352)
  const view = new DataView(bytes.buffer)
  view.setInt32(0, 348, littleEndian)
  view.setInt16(40, dims.length, littleEndian)
  dims.forEach((d, i) => view.setInt16(42 + 2 * i, d, littleEndian))
  return bytes
}

describe('readNiftiShape', () => {
  it('reads dim[1..3] of a little- or big-endian header', () => {
    expect(readNiftiShape(header([35, 51, 35]))).toEqual([35, 51, 35])
    expect(readNiftiShape(header([64, 48, 1], false))).toEqual([64, 48, 1])
  })

  it('treats missing axes of a 2D image as singletons', () => {
    expect(readNiftiShape(header([64, 48]))).toEqual([64, 48, 1])
  })

  it('rejects bytes that are not a NIfTI-1 header', () => {
    expect(() => readNiftiShape(new Uint8Array(10))).toThrow('too short')
    expect(() => readNiftiShape(new Uint8Array(400))).toThrow('bad header size')
  })
})

describe('sameShape', () => {
  it('ignores trailing singleton axes only', () => {
    expect(sameShape([64, 48, 1], [64, 48])).toBe(true)
    expect(sameShape([35, 51, 35], [35, 35, 51])).toBe(false)
  })
})
