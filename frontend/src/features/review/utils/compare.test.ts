import { describe, expect, it } from 'vitest'
import type { AgreementRow, ReadSummary } from '@/types/api'
import {
  agreementFigures,
  compareMasks,
  comparedWords,
  defaultStart,
  labelWords,
  returnReaders,
  sortAgreement,
} from './compare'

const read = (n: number, author: string | null, createdAt: string, authorId: string | null = author): ReadSummary => ({
  annotation_id: `a${n}`,
  version: n + 1,
  read_number: n,
  author,
  author_id: authorId,
  created_at: createdAt,
  time_spent_s: 60,
})

const consensus = { annotation_id: 'c', version: 4, created_at: '2026-12-01T12:00:00' }

const row = (overrides: Partial<AgreementRow>): AgreementRow => ({
  kind: 'between_reads',
  label: 1,
  reader: 'rad',
  read_version: 2,
  other: 'rad2',
  other_version: 3,
  dice: 0.81234,
  hausdorff95_mm: 2.345,
  surface_dice: 0.9,
  ...overrides,
})

describe('compareMasks and defaultStart', () => {
  const first = read(1, 'rad', '2026-12-01T09:00:00')
  const second = read(2, 'rad2', '2026-12-01T11:00:00')

  it('lists read 1, read 2 and the consensus in that order, named', () => {
    const masks = compareMasks({ reads: [second, first], consensus })
    expect(masks.map((m) => [m.kind, m.annotationId, m.name])).toEqual([
      ['read-1', 'a1', 'Read 1 v2 by rad'],
      ['read-2', 'a2', 'Read 2 v3 by rad2'],
      ['consensus', 'c', 'Consensus v4'],
    ])
  })

  it('starts from the consensus when there is one, else from the read submitted last', () => {
    expect(defaultStart(compareMasks({ reads: [first, second], consensus }))?.kind).toBe('consensus')
    expect(defaultStart(compareMasks({ reads: [second, first], consensus: null }))?.kind).toBe('read-2')
    const resubmitted = { ...first, created_at: '2026-12-01T13:00:00' }
    expect(defaultStart(compareMasks({ reads: [resubmitted, second], consensus: null }))?.kind).toBe('read-1')
    expect(defaultStart([])).toBeNull()
  })
})

describe('returnReaders', () => {
  it('offers each reader once, read 1 first, and skips former users without an id', () => {
    const readers = returnReaders([read(2, 'rad2', 'x', 'u2'), read(1, 'rad', 'x', 'u1')])
    expect(readers).toEqual([
      { id: 'u1', name: 'rad (read 1)' },
      { id: 'u2', name: 'rad2 (read 2)' },
    ])
    expect(returnReaders([read(1, null, 'x', null)])).toEqual([])
  })
})

describe('agreement rows', () => {
  it('says what was compared', () => {
    expect(comparedWords(row({}))).toBe("rad's read v2 vs rad2's read v3")
    expect(comparedWords(row({ kind: 'read_vs_accepted', other: null, other_version: 6 }))).toBe(
      "rad's read v2 vs accepted v6",
    )
  })

  it('rounds the figures and shows a dash where a distance is not defined', () => {
    expect(agreementFigures(row({}))).toEqual({ dice: '0.812', hd95: '2.3 mm', surfaceDice: '0.900' })
    expect(agreementFigures(row({ hausdorff95_mm: null, surface_dice: null }))).toEqual({
      dice: '0.812',
      hd95: '—',
      surfaceDice: '—',
    })
  })

  it('puts the reads against each other first, then each read against the accepted mask, by label', () => {
    const rows = [
      row({ kind: 'read_vs_accepted', reader: 'rad2', label: 1 }),
      row({ kind: 'between_reads', label: 2 }),
      row({ kind: 'read_vs_accepted', reader: 'rad', label: 1 }),
      row({ kind: 'between_reads', label: 1 }),
    ]
    expect(sortAgreement(rows).map((r) => `${r.kind}:${r.reader}:${r.label}`)).toEqual([
      'between_reads:rad:1',
      'between_reads:rad:2',
      'read_vs_accepted:rad:1',
      'read_vs_accepted:rad2:1',
    ])
  })

  it('names a label by the project, or by its value when the project no longer has it', () => {
    const labels = [{ value: 1, name: 'Anterior', color: '#f00' }]
    expect(labelWords(labels, 1)).toBe('Anterior')
    expect(labelWords(labels, 3)).toBe('label 3')
  })
})
