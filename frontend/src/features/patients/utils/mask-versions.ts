import { formatDateTime } from '@/lib/format'
import type { CaseMasks, PatientAnnotation } from '@/types/api'

/**
 * One drawing the read-only page can show over the image: a stored annotation version (accepted, or superseded by
 * a later accepted one), the latest model prediction, or none. `key` is what the URL's `?mask=` holds (`v2`,
 * `prediction`, `none`), so a link opens the same version.
 */
export type MaskOption =
  | {
      key: string
      kind: 'annotation'
      annotationId: string
      version: number
      status: VersionStatus
      label: string
      detail: string
    }
  | { key: 'prediction'; kind: 'prediction'; label: string; detail: string }
  | { key: 'none'; kind: 'none'; label: string; detail: string }

/**
 * `accepted`: the patient's ground truth (what rounds train on and exports carry). `superseded`: an older version an
 * accepted one replaced. `not-accepted`: a later version that was never made ground truth.
 */
export type VersionStatus = 'accepted' | 'superseded' | 'not-accepted'

const STATUS_WORDS: Record<VersionStatus, string> = {
  accepted: 'accepted ground truth',
  superseded: 'superseded',
  'not-accepted': 'not accepted',
}

/** How a version came to be, in the words of the lead's pages (and the reviewer's history). */
export function versionOrigin(version: PatientAnnotation): string {
  const by = version.author ? ` by ${version.author}` : ''
  if (version.source === 'import') return 'imported ground truth'
  if (version.source === 'correction') return `ground-truth correction${by}`
  if (version.source === 'review') return `reviewer's edit${by}`
  if (version.source === 'consensus') return 'consensus of the reads'
  if (version.read_number) return `read ${version.read_number}${by}`
  return `annotation${by}`
}

function status(version: PatientAnnotation, accepted: PatientAnnotation | undefined): VersionStatus {
  if (accepted === undefined) return 'not-accepted'
  if (version.id === accepted.id) return 'accepted'
  return version.version < accepted.version ? 'superseded' : 'not-accepted'
}

/**
 * Every drawing there is to look at, newest annotation version first, then the model's latest prediction, then the
 * image alone. `versions` is `GET /api/patients/{id}/annotations`; `masks` (the case payload) names the accepted
 * version and the prediction. Private drafts are never listed: they are their author's work in progress.
 */
export function maskOptions(masks: CaseMasks, versions: readonly PatientAnnotation[]): MaskOption[] {
  const accepted = versions.find((version) => version.id === masks.accepted?.annotation_id)
  const options: MaskOption[] = [...versions]
    .sort((a, b) => b.version - a.version)
    .map((version) => {
      const state = status(version, accepted)
      return {
        key: `v${version.version}`,
        kind: 'annotation',
        annotationId: version.id,
        version: version.version,
        status: state,
        label: `Annotation v${version.version} (${STATUS_WORDS[state]})`,
        detail: `${versionOrigin(version)}, ${formatDateTime(version.created_at)}`,
      }
    })
  if (masks.prediction) {
    options.push({
      key: 'prediction',
      kind: 'prediction',
      label: `Model prediction, round ${masks.prediction.round_number}`,
      detail: `latest model, ${formatDateTime(masks.prediction.created_at)}`,
    })
  }
  options.push({ key: 'none', kind: 'none', label: 'Image only', detail: 'no mask drawn over the image' })
  return options
}

/** The option a `?mask=` value names; otherwise the accepted version, else the prediction, else the image alone. */
export function chooseMask(options: readonly MaskOption[], param: string | null): MaskOption {
  const named = options.find((option) => option.key === param)
  if (named) return named
  return (
    options.find((option) => option.kind === 'annotation' && option.status === 'accepted') ??
    options.find((option) => option.kind === 'prediction') ??
    options[options.length - 1]
  )
}
