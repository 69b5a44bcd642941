import { describe, expect, it } from 'vitest'
import { attachmentName } from './seg'

describe('attachmentName', () => {
  it('reads the plain and the RFC 5987 file name, and falls back without one', () => {
    expect(attachmentName('attachment; filename="P-3f9a-seg.dcm"', 'x.dcm')).toBe('P-3f9a-seg.dcm')
    expect(attachmentName("attachment; filename*=UTF-8''P%20one.dcm", 'x.dcm')).toBe('P one.dcm')
    expect(attachmentName('attachment', 'x.dcm')).toBe('x.dcm')
    expect(attachmentName(null, 'x.dcm')).toBe('x.dcm')
  })
})
