/** Window/level presets by modality: CT in Hounsfield units (width, level); MR by the image's own percentiles. */
export type WindowPresetName = 'auto' | 'ct-lung' | 'ct-mediastinum' | 'ct-bone' | 'ct-brain' | 'mr-auto'

export interface WindowPreset {
  name: WindowPresetName
  label: string
  /** [width, level] in image units, or null for a percentile window of this image. */
  widthLevel: [number, number] | null
}

export const CT_PRESETS: readonly WindowPreset[] = [
  { name: 'ct-lung', label: 'Lung (W1500 L−600)', widthLevel: [1500, -600] },
  { name: 'ct-mediastinum', label: 'Mediastinum (W350 L50)', widthLevel: [350, 50] },
  { name: 'ct-bone', label: 'Bone (W2000 L500)', widthLevel: [2000, 500] },
  { name: 'ct-brain', label: 'Brain (W80 L40)', widthLevel: [80, 40] },
]

export const MR_PRESETS: readonly WindowPreset[] = [
  { name: 'mr-auto', label: 'Auto (1st–99th percentile)', widthLevel: null },
]

export function presetsFor(modality: string): readonly WindowPreset[] {
  const auto: WindowPreset = { name: 'auto', label: 'Automatic', widthLevel: null }
  return modality.toUpperCase() === 'CT' ? [auto, ...CT_PRESETS] : [auto, ...MR_PRESETS]
}

/** [min, max] display range of a width/level window. */
export function windowRange([width, level]: [number, number]): [number, number] {
  return [level - width / 2, level + width / 2]
}
