/** Minimal NIfTI-1 header reading, used to check an exported label map before it is uploaded. */

const NIFTI1_HEADER_SIZE = 348

/** The spatial shape (dim[1..3]) of an uncompressed NIfTI-1 file, in nibabel's axis order; throws on non-NIfTI. */
export function readNiftiShape(bytes: Uint8Array): [number, number, number] {
  if (bytes.byteLength < NIFTI1_HEADER_SIZE) throw new Error('Not a NIfTI-1 file: too short')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const sizeLE = view.getInt32(0, true)
  const littleEndian = sizeLE === NIFTI1_HEADER_SIZE
  if (!littleEndian && view.getInt32(0, false) !== NIFTI1_HEADER_SIZE) {
    throw new Error('Not a NIfTI-1 file: bad header size')
  }
  const rank = view.getInt16(40, littleEndian)
  const dims = [1, 2, 3].map((i) => (i <= rank ? view.getInt16(40 + 2 * i, littleEndian) : 1))
  return dims as [number, number, number]
}

/** Whether two shapes match once trailing singleton axes are ignored (a 2D image is stored as (X, Y, 1)). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  const trim = (s: readonly number[]) => {
    const out = [...s]
    while (out.length > 0 && out[out.length - 1] === 1) out.pop()
    return out
  }
  const ta = trim(a)
  const tb = trim(b)
  return ta.length === tb.length && ta.every((v, i) => v === tb[i])
}
