/**
 * The codes a label's DICOM SEG segment is written with (segmented property category and type). Viewers such as
 * OHIF and 3D Slicer colour and group segments by them. The lead picks from common SNOMED CT concepts (the values
 * are pydicom's code dictionary's) or types any code; unset, the server's default for the label's name applies.
 */
import type { CodedConcept } from '@/types/api'

export type ConceptChoice = CodedConcept | null

const sct = (code: string, meaning: string): CodedConcept => ({ scheme: 'SCT', code, meaning })

/** CID 7150 (Segmentation Property Categories), the common ones. */
export const CATEGORIES: readonly CodedConcept[] = [
  sct('85756007', 'Tissue'),
  sct('91723000', 'Anatomical Structure'),
  sct('49755003', 'Morphologically Abnormal Structure'),
  sct('260787004', 'Physical object'),
]

/** Common segmented property types (CID 7151 and its anatomic and morphologic members). */
export const TYPES: readonly CodedConcept[] = [
  sct('85756007', 'Tissue'),
  sct('108369006', 'Neoplasm'),
  sct('52988006', 'Lesion'),
  sct('4147007', 'Mass'),
  sct('27925004', 'Nodule'),
  sct('79654002', 'Edema'),
  sct('6574001', 'Necrosis'),
  sct('50960005', 'Hemorrhage'),
  sct('367643001', 'Cyst'),
  sct('12738006', 'Brain'),
  sct('5366008', 'Hippocampus'),
  sct('389080008', 'White Matter'),
  sct('389081007', 'Gray Matter'),
  sct('10200004', 'Liver'),
  sct('64033007', 'Kidney'),
  sct('39607008', 'Lung'),
  sct('80891009', 'Heart'),
  sct('78961009', 'Spleen'),
  sct('15776009', 'Pancreas'),
  sct('41216001', 'Prostate'),
  sct('71854001', 'Colon'),
  sct('272673000', 'Bone'),
  sct('71616004', 'Muscle'),
  sct('59820001', 'Blood Vessel'),
]

export const conceptKey = (concept: CodedConcept): string => `${concept.scheme}:${concept.code}`

export function sameConcept(a: ConceptChoice, b: ConceptChoice): boolean {
  if (a === null || b === null) return a === b
  return conceptKey(a) === conceptKey(b) && a.meaning === b.meaning
}

/** The choices offered for one field: the catalogue, plus the current concept when it is not in it. */
export function optionsWith(catalogue: readonly CodedConcept[], current: ConceptChoice): readonly CodedConcept[] {
  if (current === null || catalogue.some((c) => conceptKey(c) === conceptKey(current))) return catalogue
  return [...catalogue, current]
}

/** Why a typed code would be refused (the server's rules: SNOMED CT codes are 6-18 digits), or null. */
export function conceptProblem(concept: CodedConcept): string | null {
  if (concept.meaning.trim() === '') return 'A code needs its meaning (e.g. "Neoplasm")'
  if (concept.meaning.includes('\\')) return 'A code meaning cannot contain a backslash'
  if (concept.meaning.length > 64) return 'A code meaning has at most 64 characters'
  if (concept.scheme === 'SCT' && !/^[0-9]{6,18}$/.test(concept.code)) {
    return 'A SNOMED CT code is a number of 6 to 18 digits (e.g. 108369006)'
  }
  if (concept.scheme === 'DCM' && !/^[A-Za-z0-9][A-Za-z0-9.-]{0,15}$/.test(concept.code)) {
    return 'A DCM code is up to 16 letters, digits, dots or dashes'
  }
  return null
}

export function describeConcept(concept: CodedConcept): string {
  return `${concept.meaning} (${concept.scheme} ${concept.code})`
}
