/**
 * Window/level presets by modality: CT in Hounsfield units (width, level); MR from the image's own percentiles,
 * since MR intensities have no absolute scale.
 */
export type WindowPresetName =
  'auto' | 'ct-lung' | 'ct-mediastinum' | 'ct-bone' | 'ct-brain' | 'mr-auto' | 'mr-t1' | 'mr-t2'

export interface PercentileWindow {
  /** Lower and upper quantile in [0, 1]. */
  low: number
  high: number
  /** Percentiles of the tissue only (background air left out), else of the whole image. */
  tissueOnly: boolean
}

export interface WindowPreset {
  name: WindowPresetName
  label: string
  /** [width, level] in image units; null for a percentile window (or, for 'auto', the viewer's own range). */
  widthLevel: [number, number] | null
  percentiles?: PercentileWindow
}

export const CT_PRESETS: readonly WindowPreset[] = [
  { name: 'ct-lung', label: 'Lung (W1500 L−600)', widthLevel: [1500, -600] },
  { name: 'ct-mediastinum', label: 'Mediastinum (W350 L50)', widthLevel: [350, 50] },
  { name: 'ct-bone', label: 'Bone (W2000 L500)', widthLevel: [2000, 500] },
  { name: 'ct-brain', label: 'Brain (W80 L40)', widthLevel: [80, 40] },
]

/**
 * T1: grey/white-matter contrast lives in a narrow band of tissue intensities, so the window is the 2nd–98th
 * tissue percentile (bright fat or enhancement may saturate). T2/FLAIR: the findings (oedema, lesions, CSF on T2)
 * are the brightest tissue, so the window keeps the top unclipped (99.9th) and starts at the 10th, darkening the
 * uninformative low end (CSF on FLAIR).
 */
export const MR_PRESETS: readonly WindowPreset[] = [
  {
    name: 'mr-auto',
    label: 'Whole image (1st–99th percentile)',
    widthLevel: null,
    percentiles: { low: 0.01, high: 0.99, tissueOnly: false },
  },
  {
    name: 'mr-t1',
    label: 'T1 (tissue 2nd–98th percentile)',
    widthLevel: null,
    percentiles: { low: 0.02, high: 0.98, tissueOnly: true },
  },
  {
    name: 'mr-t2',
    label: 'T2 / FLAIR (tissue 10th–99.9th percentile)',
    widthLevel: null,
    percentiles: { low: 0.1, high: 0.999, tissueOnly: true },
  },
]

export function presetsFor(modality: string): readonly WindowPreset[] {
  const auto: WindowPreset = { name: 'auto', label: 'Automatic', widthLevel: null }
  return modality.toUpperCase() === 'CT' ? [auto, ...CT_PRESETS] : [auto, ...MR_PRESETS]
}

/** [min, max] display range of a width/level window. */
export function windowRange([width, level]: [number, number]): [number, number] {
  return [level - width / 2, level + width / 2]
}

/** Width and level of a [min, max] display range: the two numbers a radiologist reads. */
export function windowLevel([min, max]: readonly [number, number]): { width: number; level: number } {
  return { width: max - min, level: (min + max) / 2 }
}
