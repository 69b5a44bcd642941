import { useEffect, useRef, useState } from 'react'
import { fetchVolume } from '@/features/annotate/api/get-patient-files'
import type { PatientDetail } from '@/types/api'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { fetchMask } from '../api/get-mask'
import type { MaskOption } from '../utils/mask-versions'

export type ShownMask = { kind: 'loading' } | { kind: 'shown'; key: string } | { kind: 'error'; message: string }

/**
 * Shows the patient's image once and, over it, whichever drawing `option` names; switching options swaps only the
 * drawing. Nothing is written anywhere: no reservation, no draft, and the engine stays on its navigate tool.
 * Drawings load in the order they were asked for and a newer choice wins, so a slow download never ends up over the
 * version the user picked after it.
 */
export function useMaskViewer(engine: ViewerEngine | null, patient: PatientDetail, option: MaskOption): ShownMask {
  const { id, labels } = patient
  const volume = useRef<{ engine: ViewerEngine; loaded: Promise<void> } | null>(null)
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  const [result, setResult] = useState<{ engine: ViewerEngine; option: MaskOption; shown: ShownMask }>()

  useEffect(() => {
    if (!engine) return
    const controller = new AbortController()
    const { signal } = controller
    if (volume.current?.engine !== engine) {
      // The colours go in before the image: the lookup table then rides along with its first texture upload.
      // `fetchVolume` answers an uncompressed NIfTI (the browser inflates the stored gzip): hence the `.nii` name.
      engine.setLabelColors(labels)
      volume.current = { engine, loaded: fetchVolume(id).then((bytes) => engine.loadVolume(bytes, 'volume.nii')) }
    }
    const { loaded } = volume.current
    void (async () => {
      try {
        const [mask] = await Promise.all([fetchMask(id, option, signal), loaded])
        const apply = queue.current.then(async () => {
          if (signal.aborted) return
          // Every stored mask was checked against the image grid when it was written: one that does not fit is a
          // fault to report, never an empty drawing shown as if there were nothing.
          if (!(await engine.setLabelmap(mask, `${option.key}.nii.gz`))) {
            throw new Error(`${option.label} does not fit the image grid`)
          }
          engine.markRendered()
        })
        queue.current = apply.catch(() => undefined)
        await apply
        if (!signal.aborted) setResult({ engine, option, shown: { kind: 'shown', key: option.key } })
      } catch (error) {
        if (!signal.aborted) setResult({ engine, option, shown: { kind: 'error', message: (error as Error).message } })
      }
    })()
    return () => controller.abort()
  }, [engine, id, labels, option])

  if (result === undefined || result.engine !== engine || result.option !== option) return { kind: 'loading' }
  return result.shown
}
