/**
 * A reader's quality figures on the dashboard (mean Dice with the other reader of their double-read cases, and with
 * the masks accepted from their reads), each with the number of cases it rests on: a figure from two cases says
 * little, so the count goes with it.
 */
export function agreementCell(dice: number | null | undefined, cases: number): string {
  if (dice === null || dice === undefined || Number.isNaN(dice) || cases === 0) return '—'
  return `${dice.toFixed(3)} (${cases} ${cases === 1 ? 'case' : 'cases'})`
}
