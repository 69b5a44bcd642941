/**
 * Which studies (whole) and which series (some of a study) the lead ticked in the PACS results. A study is either
 * taken whole ('all': every series the PACS has, including ones the table never listed) or as a set of its series.
 */

export type StudyPick = 'all' | ReadonlySet<string>
export type PacsSelection = ReadonlyMap<string, StudyPick>

export type CheckState = 'checked' | 'mixed' | 'unchecked'

export interface ImportRequest {
  studies: { study_uid: string; series_uids?: string[] }[]
}

export const emptySelection = (): PacsSelection => new Map()

/** Ticks a whole study, or unticks it (whatever part of it was picked). */
export function toggleStudy(selection: PacsSelection, studyUid: string): PacsSelection {
  const next = new Map(selection)
  if (next.has(studyUid)) next.delete(studyUid)
  else next.set(studyUid, 'all')
  return next
}

/**
 * Ticks or unticks one series of a study whose series are `allSeries` (as listed). Unticking one of a whole study
 * keeps the others; ticking the last one makes the study whole again; unticking the last one drops the study.
 */
export function toggleSeries(
  selection: PacsSelection,
  studyUid: string,
  seriesUid: string,
  allSeries: readonly string[],
): PacsSelection {
  const next = new Map(selection)
  const current = next.get(studyUid)
  const picked = new Set(current === 'all' ? allSeries : (current ?? []))
  if (picked.has(seriesUid)) picked.delete(seriesUid)
  else picked.add(seriesUid)
  if (picked.size === 0) next.delete(studyUid)
  else if (allSeries.length > 0 && allSeries.every((uid) => picked.has(uid))) next.set(studyUid, 'all')
  else next.set(studyUid, picked)
  return next
}

export function studyCheckState(selection: PacsSelection, studyUid: string): CheckState {
  const pick = selection.get(studyUid)
  if (pick === undefined) return 'unchecked'
  return pick === 'all' ? 'checked' : 'mixed'
}

export function seriesChecked(selection: PacsSelection, studyUid: string, seriesUid: string): boolean {
  const pick = selection.get(studyUid)
  return pick === 'all' || (pick !== undefined && pick.has(seriesUid))
}

/** Ticks every listed study that is not imported yet (leaves picks of the others as they are). */
export function selectNotImported(
  selection: PacsSelection,
  studies: readonly { study_uid: string; imported: boolean }[],
): PacsSelection {
  const next = new Map(selection)
  for (const study of studies) if (!study.imported && !next.has(study.study_uid)) next.set(study.study_uid, 'all')
  return next
}

/** The body of POST /pacs/imports, studies in the order they were listed; a whole study sends no series list. */
export function importRequest(selection: PacsSelection, order: readonly string[] = []): ImportRequest {
  const rank = new Map(order.map((uid, index) => [uid, index]))
  const uids = [...selection.keys()].sort(
    (a, b) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER),
  )
  return {
    studies: uids.map((study_uid) => {
      const pick = selection.get(study_uid)
      return pick === 'all' || pick === undefined ? { study_uid } : { study_uid, series_uids: [...pick].sort() }
    }),
  }
}

/** "2 studies (1 in part)" for the Import button. */
export function describeSelection(selection: PacsSelection): string {
  const count = selection.size
  const partial = [...selection.values()].filter((pick) => pick !== 'all').length
  const studies = `${count} ${count === 1 ? 'study' : 'studies'}`
  return partial > 0 ? `${studies} (${partial} in part)` : studies
}
