/**
 * Putting one case on screen, shared by the reader's workspace and the reviewer's: the image (a large volume's
 * preview first, volume-loader.ts), then the overlays and the editable drawing over the full volume. The downloads
 * are started by the caller as soon as the case may be opened, while the engine starts (NiiVue compiles its
 * shaders); here they are awaited in the order the screen needs them.
 */
import type { LabelLike } from './label-colormap'
import { readNiftiShape, sameShape } from './nifti-header'
import { type VolumeDownloads, measured } from './volume-loader'
import type { OverlayKind, ViewerEngine } from './viewer-engine'

/** The case's files, each promise observed where it was created (a failure surfaces where it is awaited). */
export interface CaseFiles extends VolumeDownloads {
  /** The drawing to edit (null: an empty drawing). */
  mask: Promise<ArrayBuffer | null>
  /** Maps to compare with, hidden until shown (null: the case has none). */
  overlays: Partial<Record<OverlayKind, Promise<ArrayBuffer | null>>>
}

/** Marks a download as observed, so a failure the caller never gets to await is not an unhandled rejection. */
export function observed<T>(pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined)
  return pending
}

/**
 * Shows `files` in `engine`: `onPreview` once a large volume's preview is on screen (for looking only: tools wait
 * for the full grid, the only one a drawing exists on), then the full volume, the overlays and the drawing. Resolves
 * with the overlays that loaded, or null when `signal` aborted it; rejects when the drawing does not fit the image
 * (`maskName` says which drawing): every stored mask was checked against the image grid when it was written, so
 * that is a fault to report, never an empty drawing to show as if there were nothing.
 */
export async function showCase(
  engine: ViewerEngine,
  files: CaseFiles,
  options: {
    labels: readonly LabelLike[]
    maskFile: string
    maskName: string
    signal: AbortSignal
    onPreview: () => void
  },
): Promise<OverlayKind[] | null> {
  const { labels, maskFile, maskName, signal, onPreview } = options
  // The label colours first: set later, they would cost a second upload of the whole volume.
  engine.setLabelColors(labels)
  const preview = await files.preview
  if (signal.aborted) return null
  if (preview) {
    try {
      await engine.loadVolume(preview, 'preview.nii', 'preview')
      if (signal.aborted) return null
      engine.markFirstSlice()
      onPreview()
    } catch {
      // A preview that cannot be shown is skipped: the full volume replaces whatever it left.
    }
  }
  const kinds = Object.keys(files.overlays) as OverlayKind[]
  const [volume, mask, ...overlays] = await Promise.all([
    files.full,
    files.mask,
    ...kinds.map((k) => files.overlays[k]),
  ])
  if (signal.aborted) return null
  await engine.loadVolume(volume, 'volume.nii')
  const shown: OverlayKind[] = []
  await measured('radloop:full:label-map', async () => {
    for (const [index, kind] of kinds.entries()) {
      const bytes = overlays[index]
      if (!bytes) continue
      await engine.setOverlay(bytes, `${kind}.nii.gz`, kind)
      shown.push(kind)
    }
    if (!(await engine.setLabelmap(mask, maskFile))) throw new Error(`${maskName} does not fit the image grid`)
  })
  return shown
}

/** The drawing as an uncompressed NIfTI for the server, refused here when it does not match the image grid. */
export async function exportDrawing(engine: ViewerEngine, imageShape: readonly number[]): Promise<Uint8Array> {
  const mask = await engine.getLabelmap()
  const shape = readNiftiShape(mask)
  if (!sameShape(shape, imageShape)) {
    throw new Error(`Exported mask has shape ${shape.join('×')} but the image is ${imageShape.join('×')}.`)
  }
  return mask
}
