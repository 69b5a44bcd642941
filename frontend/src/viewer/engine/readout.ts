/** What the viewport's corners show, computed without NiiVue so it is unit-tested. */
import type { SinglePlane } from './orientation'

export interface SlicePosition {
  plane: SinglePlane
  /** 1-based, as a radiologist counts slices. */
  index: number
  total: number
}

/** Axis of the RAS voxel grid that a plane looks along: sagittal x, coronal y, axial z. */
export const PLANE_AXIS: Record<SinglePlane, 0 | 1 | 2> = { sagittal: 0, coronal: 1, axial: 2 }

/** Slice number and count of `plane` at RAS voxel `voxel` of a grid of `dims` voxels. */
export function slicePosition(
  plane: SinglePlane,
  voxel: readonly number[],
  dims: readonly [number, number, number],
): SlicePosition {
  const axis = PLANE_AXIS[plane]
  const total = dims[axis]
  const index = Math.min(total, Math.max(1, Math.round(voxel[axis]) + 1))
  return { plane, index, total }
}

/** Enough decimals for the values to differ on screen: none for CT or wide MR ranges, more for small ranges. */
export function decimalsFor(span: number): number {
  const s = Math.abs(span)
  if (s >= 100) return 0
  if (s >= 10) return 1
  if (s >= 1) return 2
  return 3
}

export function formatIntensity(value: number, span: number): string {
  const text = value.toFixed(decimalsFor(span))
  return text === '-0' ? '0' : text
}

/** Unit of image values: Hounsfield units for CT; MR intensities have none. */
export function intensityUnit(modality: string): string {
  return modality.toUpperCase() === 'CT' ? 'HU' : ''
}
