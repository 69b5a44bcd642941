import { useState } from 'react'
import { DEFAULT_DATASET_ID, EXPORT_FORMATS, type ExportFormat, exportUrl } from '../utils/annotations'

/**
 * The project's accepted labels as a download: the NIfTI zip of old, or a training-ready nnU-Net v2 / MSD dataset
 * (numbered, as both tools name datasets by number). Case names are the pseudonyms readers see. The NIfTI zip can
 * also hold each reader's read and the consensus (for studying reader agreement outside the app).
 */
export function ExportMenu({ projectId }: { projectId: string }) {
  const [format, setFormat] = useState<ExportFormat>('nifti')
  const [datasetId, setDatasetId] = useState(String(DEFAULT_DATASET_ID))
  const [includeReads, setIncludeReads] = useState(false)
  const chosen = EXPORT_FORMATS.find((f) => f.value === format) ?? EXPORT_FORMATS[0]
  return (
    <span className="export-menu" data-testid="export-menu">
      <label htmlFor="export-format">Export labels as</label>
      <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
        {EXPORT_FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
      {format === 'nifti' && (
        <label htmlFor="export-include-reads">
          <input
            id="export-include-reads"
            type="checkbox"
            data-testid="export-include-reads"
            checked={includeReads}
            onChange={(e) => setIncludeReads(e.target.checked)}
          />{' '}
          include each reader&apos;s read and the consensus
        </label>
      )}
      {format !== 'nifti' && (
        <>
          <label htmlFor="export-dataset-id">{format === 'msd' ? 'task' : 'dataset'} no.</label>
          <input
            id="export-dataset-id"
            type="number"
            min={1}
            max={999}
            value={datasetId}
            onChange={(e) => setDatasetId(e.target.value)}
            style={{ width: '5rem' }}
          />
        </>
      )}
      <a
        href={exportUrl(projectId, format, Number(datasetId), includeReads)}
        download
        data-testid="export-labels"
        title={chosen.hint}
      >
        Download
      </a>
    </span>
  )
}
