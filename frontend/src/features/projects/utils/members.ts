import type { ProjectMemberInfo, UserBrief } from '@/types/api'
import type { MemberAssignment } from '../api/members'

/** One assignable user as the members form edits them. */
export interface MemberRow {
  assigned: boolean
  /** The quota input's text ("" for no limit). */
  quota: string
  /** Reviews colleagues' masks in this project (meaningful for radiologists: leads review anyway). */
  reviewer: boolean
}

/** The form's rows as the server stores the project's members: every assignable user, assigned or not. */
export function memberRows(
  users: readonly UserBrief[],
  members: readonly ProjectMemberInfo[],
): Record<string, MemberRow> {
  const rows: Record<string, MemberRow> = {}
  for (const user of users) {
    const member = members.find((m) => m.user_id === user.id)
    rows[user.id] = {
      assigned: Boolean(member),
      quota: member?.quota != null ? String(member.quota) : '',
      reviewer: member?.is_reviewer ?? false,
    }
  }
  return rows
}

/**
 * The PUT body: every assigned user with their quota and reviewer flag. The server replaces the whole member list,
 * so a flag left out here would be cleared there.
 */
export function memberAssignments(rows: Record<string, MemberRow>): MemberAssignment[] {
  return Object.entries(rows)
    .filter(([, row]) => row.assigned)
    .map(([userId, row]) => ({
      user_id: userId,
      quota: row.quota === '' ? null : Number(row.quota),
      is_reviewer: row.reviewer,
    }))
}
