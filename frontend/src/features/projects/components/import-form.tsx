import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { uploadImport } from '../api/upload-import'

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'processing' }
  | { kind: 'done'; count: number; hidden: number }

/** Import DICOM zips / files, NIfTI or 2D images (and optional label files) with an upload progress bar. */
export function ImportForm({ projectId }: { projectId: string }) {
  const files = useRef<HTMLInputElement>(null)
  const labels = useRef<HTMLInputElement>(null)
  const [split, setSplit] = useState<'pool' | 'validation'>('pool')
  const [asReference, setAsReference] = useState(false)
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const queryClient = useQueryClient()

  async function submit(event: FormEvent) {
    event.preventDefault()
    const images = Array.from(files.current?.files ?? [])
    if (images.length === 0) {
      setError('Choose at least one file to import.')
      return
    }
    setError(null)
    setPhase({ kind: 'uploading', fraction: 0 })
    try {
      const result = await uploadImport(
        projectId,
        images,
        Array.from(labels.current?.files ?? []),
        split,
        (fraction) => setPhase(fraction >= 1 ? { kind: 'processing' } : { kind: 'uploading', fraction }),
        undefined,
        asReference && split === 'pool',
      )
      setPhase({ kind: 'done', count: result.patients.length, hidden: result.reference_labels ?? 0 })
      if (files.current) files.current.value = ''
      if (labels.current) labels.current.value = ''
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
    } catch (caught) {
      setPhase({ kind: 'idle' })
      setError(caught instanceof Error ? caught.message : String(caught))
    }
  }

  const busy = phase.kind === 'uploading' || phase.kind === 'processing'
  return (
    <form
      className="card"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="import-title"
      data-testid="import-form"
    >
      <h3 id="import-title">Import patients</h3>
      <div className="inline-form">
        <label htmlFor="import-files">Images (DICOM zip, NIfTI, PNG/JPEG)</label>
        <input id="import-files" ref={files} type="file" multiple disabled={busy} />
        <label htmlFor="import-labels">Label files (optional)</label>
        <input id="import-labels" ref={labels} type="file" multiple disabled={busy} />
        <label htmlFor="import-split">Split</label>
        <select id="import-split" value={split} onChange={(e) => setSplit(e.target.value as 'pool' | 'validation')}>
          <option value="pool">pool</option>
          <option value="validation">validation</option>
        </select>
        <label title="The labels are kept as ground truth for the simulated random baseline: the patients stay unlabelled, readers never see the labels and rounds never train on them.">
          <input
            type="checkbox"
            checked={asReference && split === 'pool'}
            disabled={busy || split !== 'pool'}
            onChange={(e) => setAsReference(e.target.checked)}
          />{' '}
          Labels are hidden reference labels
        </label>
        <button type="submit" disabled={busy}>
          Import
        </button>
      </div>
      {phase.kind === 'uploading' && (
        <p>
          <label htmlFor="import-progress">Uploading {Math.round(phase.fraction * 100)}%</label>{' '}
          <progress id="import-progress" max={1} value={phase.fraction} data-testid="import-progress" />
        </p>
      )}
      {phase.kind === 'processing' && (
        <p role="status">
          Upload complete; the server is reading the images… <progress aria-label="Processing" />
        </p>
      )}
      {phase.kind === 'done' && (
        <p role="status">
          Imported {phase.count} patient(s)
          {phase.hidden > 0 && `, ${phase.hidden} with hidden reference labels (they stay unlabelled)`}.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  )
}
