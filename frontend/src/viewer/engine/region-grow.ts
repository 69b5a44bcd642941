/**
 * Region grow in one slice: the voxels 4-connected to the seed whose intensity lies in [low, high]. Works on a
 * RAS-ordered volume (x fastest), the layout of NiiVue's drawing bitmap; `axis` is the axis held fixed (2 for an
 * axial slice, 1 coronal, 0 sagittal). Returns the flat indices to paint.
 */
export function regionGrowSlice(
  image: ArrayLike<number>,
  dims: readonly [number, number, number],
  seed: readonly [number, number, number],
  axis: 0 | 1 | 2,
  low: number,
  high: number,
  scale: (raw: number) => number = (raw) => raw,
): number[] {
  const [nx, ny, nz] = dims
  const index = (x: number, y: number, z: number) => x + y * nx + z * nx * ny
  const [sx, sy, sz] = seed.map(Math.round) as [number, number, number]
  if (sx < 0 || sy < 0 || sz < 0 || sx >= nx || sy >= ny || sz >= nz) return []
  const inRange = (i: number) => {
    const value = scale(image[i])
    return value >= low && value <= high
  }
  const start = index(sx, sy, sz)
  if (!inRange(start)) return []
  const seen = new Uint8Array(nx * ny * nz)
  const out: number[] = []
  const stack: [number, number, number][] = [[sx, sy, sz]]
  seen[start] = 1
  const steps: [number, number, number][] =
    axis === 2
      ? [
          [1, 0, 0],
          [-1, 0, 0],
          [0, 1, 0],
          [0, -1, 0],
        ]
      : axis === 1
        ? [
            [1, 0, 0],
            [-1, 0, 0],
            [0, 0, 1],
            [0, 0, -1],
          ]
        : [
            [0, 1, 0],
            [0, -1, 0],
            [0, 0, 1],
            [0, 0, -1],
          ]
  while (stack.length) {
    const [x, y, z] = stack.pop()!
    out.push(index(x, y, z))
    for (const [dx, dy, dz] of steps) {
      const [px, py, pz] = [x + dx, y + dy, z + dz]
      if (px < 0 || py < 0 || pz < 0 || px >= nx || py >= ny || pz >= nz) continue
      const i = index(px, py, pz)
      if (seen[i] || !inRange(i)) continue
      seen[i] = 1
      stack.push([px, py, pz])
    }
  }
  return out
}
