/**
 * What the reviewer of a double-read case compares, pure so it is unit-tested: the masks (each read, the consensus),
 * which one the drawing starts from, whom the case can be returned to, and the agreement rows in words.
 */
import { formatScore, parseServerTime } from '@/lib/format'
import type { AgreementRow, Label, ReviewDetail } from '@/types/api'
import type { CompareKind } from '@/viewer/engine/viewer-engine'

export interface CompareMask {
  kind: CompareKind
  annotationId: string
  version: number
  /** "Read 1 v3 by radiologist", "Consensus v5" */
  name: string
  createdAt: string
}

export const COMPARE_KEYS: Record<CompareKind, string> = { 'read-1': 'J', 'read-2': 'K', consensus: 'L' }

/** The case's masks to compare, in a fixed order: read 1, read 2, the consensus (when the job has made it). */
export function compareMasks(review: Pick<ReviewDetail, 'reads' | 'consensus'>): CompareMask[] {
  const masks: CompareMask[] = []
  for (const number of [1, 2] as const) {
    const read = review.reads.find((r) => r.read_number === number)
    if (!read) continue
    masks.push({
      kind: `read-${number}`,
      annotationId: read.annotation_id,
      version: read.version,
      name: `Read ${number} v${read.version} by ${read.author ?? 'a former user'}`,
      createdAt: read.created_at,
    })
  }
  const consensus = review.consensus
  if (consensus) {
    masks.push({
      kind: 'consensus',
      annotationId: consensus.annotation_id,
      version: consensus.version,
      name: `Consensus v${consensus.version}`,
      createdAt: consensus.created_at,
    })
  }
  return masks
}

/**
 * Where the reviewer's drawing starts: the consensus when there is one (what both readers agree on, the rest left to
 * the reviewer), else the read submitted last. Null without any mask.
 */
export function defaultStart(masks: readonly CompareMask[]): CompareMask | null {
  const consensus = masks.find((mask) => mask.kind === 'consensus')
  if (consensus) return consensus
  let latest: CompareMask | null = null
  for (const mask of masks) {
    if (latest === null || parseServerTime(mask.createdAt) > parseServerTime(latest.createdAt)) latest = mask
  }
  return latest
}

export interface ReturnReader {
  id: string
  name: string
}

/**
 * Whom a return can go to: each reader of the case once, read 1's first (the server's default). A choice is offered
 * only with two; without author ids (a former user) the server picks.
 */
export function returnReaders(reads: ReviewDetail['reads']): ReturnReader[] {
  const readers: ReturnReader[] = []
  for (const read of [...reads].sort((a, b) => a.read_number - b.read_number)) {
    if (!read.author_id || readers.some((reader) => reader.id === read.author_id)) continue
    readers.push({ id: read.author_id, name: `${read.author ?? 'a former user'} (read ${read.read_number})` })
  }
  return readers
}

/** "Read 1 v3 (radiologist) vs read 2 v2 (radiologist2)" / "radiologist's read v3 vs accepted v6" */
export function comparedWords(row: AgreementRow): string {
  const reader = row.reader ?? 'a former user'
  if (row.kind === 'read_vs_accepted') return `${reader}'s read v${row.read_version} vs accepted v${row.other_version}`
  return `${reader}'s read v${row.read_version} vs ${row.other ?? 'a former user'}'s read v${row.other_version}`
}

/** The agreement figures as shown: Dice and surface Dice to 3 decimals, HD95 in mm to 1; "—" where not defined. */
export function agreementFigures(row: AgreementRow): { dice: string; hd95: string; surfaceDice: string } {
  const dash = (text: string) => (text === '–' ? '—' : text)
  return {
    dice: dash(formatScore(row.dice)),
    hd95: row.hausdorff95_mm === null ? '—' : `${row.hausdorff95_mm.toFixed(1)} mm`,
    surfaceDice: dash(formatScore(row.surface_dice)),
  }
}

/** The rows in reading order: between the reads first, then each read vs the accepted mask; by label within. */
export function sortAgreement(rows: readonly AgreementRow[]): AgreementRow[] {
  const order = (row: AgreementRow) => (row.kind === 'between_reads' ? 0 : 1)
  return [...rows].sort(
    (a, b) => order(a) - order(b) || (a.reader ?? '').localeCompare(b.reader ?? '') || a.label - b.label,
  )
}

/** A label value by its project name ("label 3" for one the project no longer defines). */
export function labelWords(labels: readonly Label[], value: number): string {
  return labels.find((label) => label.value === value)?.name ?? `label ${value}`
}
