/**
 * Pure helpers that turn project labels into NiiVue's colour-table format. Kept free of any NiiVue import so they
 * can be unit-tested in Node.
 */

export interface LabelLike {
  value: number
  name: string
  color: string
}

/** NiiVue's `ColorMap` shape: parallel arrays, index i describes label value I[i]. */
export interface LabelColormap {
  R: number[]
  G: number[]
  B: number[]
  A: number[]
  I: number[]
  labels: string[]
}

/** Drawn values with no project label are shown in white, so a stray value is visible rather than hidden. */
const UNKNOWN_RGB: [number, number, number] = [255, 255, 255]

export function hexToRgb(hex: string): [number, number, number] {
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(hex.trim())
  if (!match) return UNKNOWN_RGB
  const digits = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1]
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number]
}

/**
 * A dense table from 0 to the largest label value: NiiVue indexes its drawing LUT by voxel value, and a sparse
 * table would shift every colour after a gap. Value 0 (background) is fully transparent.
 */
export function buildLabelColormap(labels: readonly LabelLike[]): LabelColormap {
  const byValue = new Map(labels.filter((l) => l.value > 0 && l.value < 256).map((l) => [l.value, l]))
  const maxValue = Math.max(0, ...byValue.keys())
  const cmap: LabelColormap = { R: [], G: [], B: [], A: [], I: [], labels: [] }
  for (let value = 0; value <= maxValue; value++) {
    const label = byValue.get(value)
    const [r, g, b] = value === 0 ? [0, 0, 0] : label ? hexToRgb(label.color) : UNKNOWN_RGB
    cmap.I.push(value)
    cmap.R.push(r)
    cmap.G.push(g)
    cmap.B.push(b)
    cmap.A.push(value === 0 ? 0 : 255)
    cmap.labels.push(value === 0 ? 'background' : (label?.name ?? String(value)))
  }
  return cmap
}

/** NIfTI dims[1..3]; anything beyond the third axis must be a singleton for a label map. */
export function spatialShape(dims: readonly number[]): [number, number, number] {
  return [dims[1] ?? 1, dims[2] ?? 1, dims[3] ?? 1]
}
