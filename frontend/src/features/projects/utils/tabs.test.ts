import { describe, expect, it } from 'vitest'
import { tabAfterKey, tabFromParam } from './tabs'

describe('project tabs', () => {
  it('opens the tab the URL names, the overview otherwise', () => {
    expect(tabFromParam('budget')).toBe('budget')
    expect(tabFromParam('import-export')).toBe('import-export')
    expect(tabFromParam(null)).toBe('overview')
    expect(tabFromParam('Budget')).toBe('overview')
  })
  it('moves with the arrow keys, wrapping, and jumps with Home and End', () => {
    expect(tabAfterKey('overview', 'ArrowRight')).toBe('rounds')
    expect(tabAfterKey('overview', 'ArrowLeft')).toBe('import-export')
    expect(tabAfterKey('import-export', 'ArrowRight')).toBe('overview')
    expect(tabAfterKey('budget', 'Home')).toBe('overview')
    expect(tabAfterKey('rounds', 'End')).toBe('import-export')
    expect(tabAfterKey('rounds', 'Enter')).toBeNull()
  })
})
