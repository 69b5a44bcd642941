import { describe, expect, it } from 'vitest'
import { loadConvention, orientationMarkers, saveConvention } from './orientation'

describe('orientation markers', () => {
  it('puts the patient right on the screen left in radiological convention', () => {
    expect(orientationMarkers('axial', 'radiological')).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' })
    expect(orientationMarkers('coronal', 'radiological')).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' })
  })

  it('mirrors left and right in neurological convention', () => {
    expect(orientationMarkers('axial', 'neurological')).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' })
    expect(orientationMarkers('coronal', 'neurological')).toEqual({ left: 'L', right: 'R', top: 'S', bottom: 'I' })
  })

  it('shows sagittal views the same way in both (anterior on the right)', () => {
    const sagittal = { left: 'P', right: 'A', top: 'S', bottom: 'I' }
    expect(orientationMarkers('sagittal', 'radiological')).toEqual(sagittal)
    expect(orientationMarkers('sagittal', 'neurological')).toEqual(sagittal)
  })
})

describe('the saved convention', () => {
  it('is radiological by default and remembers neurological', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    }
    expect(loadConvention(() => storage)).toBe('radiological')
    saveConvention(() => storage, 'neurological')
    expect(loadConvention(() => storage)).toBe('neurological')
    saveConvention(() => storage, 'radiological')
    expect(loadConvention(() => storage)).toBe('radiological')
  })

  it('falls back to radiological when storage is refused', () => {
    const refused = () => {
      throw new Error('SecurityError')
    }
    expect(loadConvention(refused)).toBe('radiological')
    expect(() => saveConvention(refused, 'neurological')).not.toThrow()
  })
})
