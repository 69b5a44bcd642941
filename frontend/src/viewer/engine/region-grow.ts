/**
 * Region grow from a seed voxel: the voxels face-connected to the seed whose intensity lies in [low, high]. Works on
 * a RAS-ordered volume (x fastest), the layout of NiiVue's drawing bitmap, and returns the flat indices to paint.
 *
 * NiiVue's own `drawFloodFill` does the same in 3D but took 5.6 s for a 0.9 M-voxel region of a 256×256×200 volume
 * (a per-voxel coordinate array and an `Array.shift` queue), writes the seed's label rather than the one the reader
 * chose, and pushes its own undo step; this grow keeps a typed stack and answers in tens of milliseconds.
 */

/** 2D steps within a slice that holds `axis` fixed (2 axial, 1 coronal, 0 sagittal), or all six faces in 3D. */
const STEPS: Record<0 | 1 | 2 | 3, readonly (readonly [number, number, number])[]> = {
  0: [
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
  ],
  1: [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 0, 1],
    [0, 0, -1],
  ],
  2: [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
  ],
  3: [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
  ],
}

/** The grow in the slice through `seed` that holds `axis` fixed (2 for an axial slice, 1 coronal, 0 sagittal). */
export function regionGrowSlice(
  image: ArrayLike<number>,
  dims: readonly [number, number, number],
  seed: readonly [number, number, number],
  axis: 0 | 1 | 2,
  low: number,
  high: number,
  scale: (raw: number) => number = (raw) => raw,
): number[] {
  return grow(image, dims, seed, STEPS[axis], low, high, scale, () => true)
}

/**
 * The grow through the whole volume (6-connected). `passable` says which voxels it may enter at all: the engine
 * passes "background or the active label", so another label's voxels are walls it neither paints nor crosses.
 */
export function regionGrow3D(
  image: ArrayLike<number>,
  dims: readonly [number, number, number],
  seed: readonly [number, number, number],
  low: number,
  high: number,
  scale: (raw: number) => number = (raw) => raw,
  passable: (index: number) => boolean = () => true,
): number[] {
  return grow(image, dims, seed, STEPS[3], low, high, scale, passable)
}

function grow(
  image: ArrayLike<number>,
  dims: readonly [number, number, number],
  seed: readonly [number, number, number],
  steps: readonly (readonly [number, number, number])[],
  low: number,
  high: number,
  scale: (raw: number) => number,
  passable: (index: number) => boolean,
): number[] {
  const [nx, ny, nz] = dims
  const plane = nx * ny
  const [sx, sy, sz] = seed.map(Math.round) as [number, number, number]
  if (sx < 0 || sy < 0 || sz < 0 || sx >= nx || sy >= ny || sz >= nz) return []
  const accept = (i: number) => {
    const value = scale(image[i])
    return value >= low && value <= high && passable(i)
  }
  const start = sx + sy * nx + sz * plane
  if (!accept(start)) return []
  const seen = new Uint8Array(plane * nz)
  const out: number[] = []
  let stack = new Int32Array(1024)
  let top = 0
  stack[top++] = start
  seen[start] = 1
  while (top > 0) {
    const i = stack[--top]
    out.push(i)
    const x = i % nx
    const y = Math.floor(i / nx) % ny
    const z = Math.floor(i / plane)
    for (const [dx, dy, dz] of steps) {
      const px = x + dx
      const py = y + dy
      const pz = z + dz
      if (px < 0 || py < 0 || pz < 0 || px >= nx || py >= ny || pz >= nz) continue
      const j = px + py * nx + pz * plane
      if (seen[j]) continue
      seen[j] = 1
      if (!accept(j)) continue
      if (top === stack.length) {
        const bigger = new Int32Array(stack.length * 2)
        bigger.set(stack)
        stack = bigger
      }
      stack[top++] = j
    }
  }
  return out
}
