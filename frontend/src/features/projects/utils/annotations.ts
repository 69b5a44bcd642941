/** Which mask version of each patient is the accepted one: the highest version (a submission or a correction is
 * accepted when stored, so the newest version of a patient is its ground truth). */
export function acceptedIds(annotations: readonly { id: string; patient_id: string; version: number }[]): Set<string> {
  const best = new Map<string, { id: string; version: number }>()
  for (const annotation of annotations) {
    const current = best.get(annotation.patient_id)
    if (!current || annotation.version > current.version) best.set(annotation.patient_id, annotation)
  }
  return new Set([...best.values()].map((annotation) => annotation.id))
}

export type ExportFormat = 'nifti' | 'nnunet' | 'msd'

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string; hint: string }[] = [
  {
    value: 'nifti',
    label: 'NIfTI masks (zip)',
    hint: 'The accepted mask of every annotated patient as NIfTI, with a manifest.',
  },
  {
    value: 'nnunet',
    label: 'nnU-Net v2 dataset',
    hint: 'imagesTr / labelsTr / imagesTs with dataset.json (channel and label names): ready for nnUNetv2_plan_and_preprocess.',
  },
  {
    value: 'msd',
    label: 'Medical Segmentation Decathlon',
    hint: 'The MSD layout (imagesTr / labelsTr / imagesTs, dataset.json with training and test lists).',
  },
]

/** nnU-Net's DatasetXXX and MSD's TaskXX number; 500+ is nnU-Net's range for a site's own datasets. */
export const DEFAULT_DATASET_ID = 500

/**
 * The export route; the NIfTI zip is its default, so its URL stays the one it always was. `includeReads`: the zip
 * also holds every reader's read and the consensus of reviewed cases.
 */
export function exportUrl(
  projectId: string,
  format: ExportFormat,
  datasetId = DEFAULT_DATASET_ID,
  includeReads = false,
): string {
  const base = `/api/projects/${encodeURIComponent(projectId)}/export`
  // Each reader's read and the consensus ride along only in the NIfTI zip (reads/, consensus/, reads.csv).
  if (format === 'nifti') return includeReads ? `${base}?include_reads=true` : base
  const id = Number.isInteger(datasetId) && datasetId >= 1 && datasetId <= 999 ? datasetId : DEFAULT_DATASET_ID
  return `${base}?format=${format}&dataset_id=${id}`
}
