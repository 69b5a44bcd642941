import { describe, expect, it } from 'vitest'
import { formatMoney } from '@/lib/format'
import { submittedFlash } from './submitted'

describe('submittedFlash', () => {
  const result = { id: 'a', version: 2, sha256: 'x', budget_remaining: 7, currency: 'EUR' as const }
  const budget = `Remaining budget: ${formatMoney(7, 'EUR')}.`

  it('names the saved annotation where masks are not reviewed', () => {
    expect(submittedFlash('hippo_3', result, false)).toBe(`Saved annotation v2 of hippo_3. ${budget}`)
  })

  it('says a read went to review, not that it was saved as the annotation', () => {
    expect(submittedFlash('hippo_3', result, true)).toBe(`Submitted hippo_3 for review (version 2). ${budget}`)
  })
})
