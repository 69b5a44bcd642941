/**
 * The label-editing tools' rules for the toolbar: when each one applies (and, when not, the reason shown beside the
 * disabled button) and what the reader is told after it ran. Pure, so every sentence is unit-tested.
 */
import { MAX_CLOSE_RADIUS_MM } from '@/viewer/engine/morphology'
import type { IslandResult } from '@/viewer/engine/islands'
import type { SliceFillResult } from '@/viewer/engine/slice-interpolation'
import type { ViewPlane } from '@/viewer/engine/viewer-engine'

export type LabelTool = 'fill-between' | 'grow-3d' | 'remove-islands' | 'smooth'
export type IslandUnit = 'voxels' | 'mm3'

export interface LabelToolInputs {
  plane: ViewPlane
  /** The active label's name, e.g. "1 Anterior". */
  labelName: string
  /** Voxels of the active label now. */
  labelVoxels: number
  fillLow: number
  fillHigh: number
  islandMin: number
  closeRadiusMm: number
}

/** Why each tool cannot run now, or null when it can; read after the tool's name ("Smooth: enter a radius …"). */
export function labelToolReasons(inputs: LabelToolInputs): Record<LabelTool, string | null> {
  const empty = inputs.labelVoxels > 0 ? null : `label ${inputs.labelName} has no voxels yet: paint some first.`
  return {
    'fill-between':
      inputs.plane === 'multiplanar'
        ? 'choose the axial, coronal or sagittal view (it fills along the view’s axis).'
        : empty,
    'grow-3d':
      Number.isFinite(inputs.fillLow) && Number.isFinite(inputs.fillHigh) && inputs.fillLow < inputs.fillHigh
        ? null
        : 'set the intensity range first (From below To), e.g. with “Range around crosshair”.',
    'remove-islands': empty ?? (inputs.islandMin > 0 ? null : 'enter an island size above 0.'),
    smooth:
      empty ??
      (inputs.closeRadiusMm > 0 && inputs.closeRadiusMm <= MAX_CLOSE_RADIUS_MM
        ? null
        : `enter a radius above 0 and at most ${MAX_CLOSE_RADIUS_MM} mm.`),
  }
}

export const LABEL_TOOL_NAMES: Record<LabelTool, string> = {
  'fill-between': 'Fill between slices',
  'grow-3d': 'Grow in 3D',
  'remove-islands': 'Remove islands',
  smooth: 'Smooth',
}

/** The reasons shown under the toolbar, each once with the tools it disables ("Remove islands, Smooth: …"). */
export function groupedReasons(reasons: Record<LabelTool, string | null>): { tools: LabelTool[]; reason: string }[] {
  const groups = new Map<string, LabelTool[]>()
  for (const tool of Object.keys(LABEL_TOOL_NAMES) as LabelTool[]) {
    const reason = reasons[tool]
    if (reason) groups.set(reason, [...(groups.get(reason) ?? []), tool])
  }
  return [...groups].map(([reason, tools]) => ({ tools, reason }))
}

/** The island threshold in voxels: a volume in mm³ divided by the voxel's volume (pieces below it are removed). */
export function islandMinVoxels(size: number, unit: IslandUnit, voxelMm3: number): number {
  return unit === 'voxels' ? size : size / (voxelMm3 > 0 ? voxelMm3 : 1)
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function describeSliceFill(result: SliceFillResult | null, plane: ViewPlane, labelName: string): string {
  if (!result) return 'Choose the axial, coronal or sagittal view to fill between slices.'
  if (result.voxels)
    return `Filled ${plural(result.filledSlices, `${plane} slice`)} between painted ones (${plural(result.voxels, 'voxel')} of label ${labelName}).`
  if (result.paintedSlices < 2)
    return `Nothing filled: label ${labelName} is painted on ${plural(result.paintedSlices, `${plane} slice`)}; paint a second one a few slices away.`
  if (!result.gaps) return `Nothing filled: label ${labelName} has no empty ${plane} slices between painted ones.`
  return `Nothing filled: the interpolation between the painted ${plane} slices came out empty (they barely overlap).`
}

export function describeGrow(result: { region: number; painted: number }, labelName: string): string {
  if (result.painted) return `Grew label ${labelName} by ${plural(result.painted, 'voxel')} in 3D.`
  if (result.region) return `Nothing grown: the region at the crosshair is label ${labelName} already.`
  return 'Nothing grown: the crosshair voxel is outside the intensity range or belongs to another label.'
}

export function describeIslands(result: IslandResult | null, labelName: string): string {
  if (!result || !result.islands) return `Label ${labelName} has no voxels.`
  if (!result.removedIslands)
    return `No islands removed: label ${labelName} is ${plural(result.islands, 'piece')}, none below the size (the largest always stays).`
  return `Removed ${plural(result.removedIslands, 'island')} (${plural(result.removedVoxels, 'voxel')}) of label ${labelName}; ${plural(result.islands - result.removedIslands, 'piece')} left.`
}

export function describeClose(added: number, radiusMm: number, labelName: string): string {
  return added
    ? `Smoothed label ${labelName}: closing with a ${radiusMm} mm ball added ${plural(added, 'voxel')}.`
    : `Nothing to close: label ${labelName} has no hole or notch narrower than ${radiusMm} mm.`
}
