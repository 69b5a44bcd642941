import type { Label } from '@/types/api'

/** A distinct, readable colour for the n-th label (the lead can change it). */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45']

export function defaultLabel(index: number): Label {
  return { value: index + 1, name: '', color: PALETTE[index % PALETTE.length] }
}

/** Problems that would make the server refuse the labels, as sentences; empty when they are fine. */
export function labelProblems(labels: Label[]): string[] {
  const problems: string[] = []
  if (labels.length === 0) problems.push('Add at least one label.')
  if (labels.some((l) => l.name.trim() === '')) problems.push('Every label needs a name.')
  const names = labels.map((l) => l.name.trim().toLowerCase())
  if (new Set(names).size !== names.length) problems.push('Label names must be distinct.')
  const values = labels.map((l) => l.value)
  if (new Set(values).size !== values.length) problems.push('Label values must be distinct.')
  if (labels.some((l) => !/^#[0-9a-fA-F]{6}$/.test(l.color))) problems.push('Colours are #rrggbb.')
  return problems
}
