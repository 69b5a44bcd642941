/**
 * In-plane outlines of a label map, so a reviewer sees two reads at once without either hiding the other.
 *
 * NiiVue's own atlas outline marks a voxel whose six 3-D neighbours differ. On a thin or speckled mask almost every
 * voxel touches a different slice above or below, so the "outline" is drawn filled and covers the mask beneath it.
 * What a reader expects (OHIF's and ITK-SNAP's contour mode) is the outline within the plane on screen: a voxel is
 * kept when one of its four neighbours in that plane has another value or lies off the volume.
 */
import type { Dims } from './label-crop'

export type LabelArray = Uint8Array | Int16Array | Uint16Array

/** Voxel axis (0 = fastest, x) a view looks along; the other two span the plane whose outline is drawn. */
export type NormalAxis = 0 | 1 | 2

/**
 * A copy of `labels` (x fastest, then y, then z) holding only the voxels on the outline of their label in the
 * planes perpendicular to `normal`; every other voxel is 0.
 */
export function inPlaneOutline<T extends LabelArray>(labels: T, dims: Dims, normal: NormalAxis): T {
  const [nx, ny, nz] = dims
  const strides = [1, nx, nx * ny] as const
  const [a, b] = ([0, 1, 2] as const).filter((axis) => axis !== normal) as [NormalAxis, NormalAxis]
  const extentA = dims[a]
  const extentB = dims[b]
  const strideA = strides[a]
  const strideB = strides[b]
  const out = new (labels.constructor as new (length: number) => T)(labels.length)
  const coord = [0, 0, 0]
  for (let z = 0; z < nz; z++) {
    coord[2] = z
    for (let y = 0; y < ny; y++) {
      coord[1] = y
      const row = (z * ny + y) * nx
      for (let x = 0; x < nx; x++) {
        const i = row + x
        const value = labels[i]
        if (value === 0) continue
        coord[0] = x
        const ca = coord[a]
        const cb = coord[b]
        if (
          ca === 0 ||
          ca === extentA - 1 ||
          cb === 0 ||
          cb === extentB - 1 ||
          labels[i - strideA] !== value ||
          labels[i + strideA] !== value ||
          labels[i - strideB] !== value ||
          labels[i + strideB] !== value
        ) {
          out[i] = value
        }
      }
    }
  }
  return out
}

/**
 * The voxel axis a view looks along. `permRAS` is NiiVue's map from the R, A and S axes to voxel axes (1-based,
 * signed); a view's plane is fixed in R (sagittal), A (coronal) or S (axial). Without it the voxel axes are taken
 * to be R, A, S in that order.
 */
export function normalAxis(view: 'sagittal' | 'coronal' | 'axial', permRAS?: readonly number[]): NormalAxis {
  const ras = view === 'sagittal' ? 0 : view === 'coronal' ? 1 : 2
  const voxelAxis = permRAS ? Math.abs(permRAS[ras]) - 1 : ras
  return voxelAxis === 0 || voxelAxis === 1 || voxelAxis === 2 ? voxelAxis : ras
}
