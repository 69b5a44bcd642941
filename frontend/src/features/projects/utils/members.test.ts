import { describe, expect, it } from 'vitest'
import type { ProjectMemberInfo, UserBrief } from '@/types/api'
import { memberAssignments, memberRows } from './members'

const users: UserBrief[] = [
  { id: 'lead', username: 'lead', role: 'lead' },
  { id: 'rad', username: 'radiologist', role: 'radiologist' },
  { id: 'rita', username: 'rita', role: 'radiologist' },
  { id: 'new', username: 'newcomer', role: 'radiologist' },
]
const member = (id: string, quota: number | null, isReviewer: boolean): ProjectMemberInfo => ({
  user_id: id,
  username: id,
  role: id === 'lead' ? 'lead' : 'radiologist',
  quota,
  annotated: 0,
  is_reviewer: isReviewer,
})

describe('members form', () => {
  const members = [member('lead', null, false), member('rad', 5, false), member('rita', null, true)]

  it('starts from what the server stores, reviewer flags included', () => {
    const rows = memberRows(users, members)
    expect(rows.rita).toEqual({ assigned: true, quota: '', reviewer: true })
    expect(rows.rad).toEqual({ assigned: true, quota: '5', reviewer: false })
    expect(rows.new).toEqual({ assigned: false, quota: '', reviewer: false })
  })

  it("sends every member's reviewer flag back, so saving a quota keeps the reviewers", () => {
    const rows = memberRows(users, members)
    const sent = memberAssignments({ ...rows, rad: { ...rows.rad, quota: '8' } })
    expect(sent).toEqual([
      { user_id: 'lead', quota: null, is_reviewer: false },
      { user_id: 'rad', quota: 8, is_reviewer: false },
      { user_id: 'rita', quota: null, is_reviewer: true },
    ])
  })

  it('leaves out the users who are not assigned', () => {
    const rows = memberRows(users, members)
    const sent = memberAssignments({ ...rows, rita: { ...rows.rita, assigned: false } })
    expect(sent.map((a) => a.user_id)).toEqual(['lead', 'rad'])
  })
})
