import { type FormEvent, useState } from 'react'
import { DataTable } from '@/components/data-table'
import { useAssignableUsers, useMembers, useSetMembers } from '../api/members'
import { type MemberRow, memberAssignments, memberRows } from '../utils/members'

/**
 * Assign readers to the project with an optional per-reader quota (patients), mark the radiologists who review
 * colleagues' masks (leads and admins review anyway), and see how far each has got.
 */
export function MembersForm({ projectId }: { projectId: string }) {
  const users = useAssignableUsers()
  const members = useMembers(projectId)
  const save = useSetMembers(projectId)
  const [rows, setRows] = useState<Record<string, MemberRow>>({})
  // The form restarts from the server's assignments whenever they are (re)loaded; adjusted during render, not in
  // an effect, so the first paint already shows them.
  const [loaded, setLoaded] = useState<{ users: unknown; members: unknown } | null>(null)
  if (users.data && members.data && (loaded?.users !== users.data || loaded.members !== members.data)) {
    setLoaded({ users: users.data, members: members.data })
    setRows(memberRows(users.data, members.data))
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    save.mutate(memberAssignments(rows))
  }

  if (users.error) return <p role="alert">{users.error.message}</p>
  if (!users.data || !members.data) return <p role="status">Loading readers…</p>
  const done = new Map(members.data.map((m) => [m.user_id, m.annotated]))
  const rowOf = (userId: string): MemberRow => rows[userId] ?? { assigned: false, quota: '', reviewer: false }
  const update = (userId: string, patch: Partial<MemberRow>) =>
    setRows({ ...rows, [userId]: { ...rowOf(userId), ...patch } })
  return (
    <form className="card" onSubmit={submit} aria-labelledby="members-title" data-testid="members-form">
      <h3 id="members-title">Readers, quotas and reviewers</h3>
      <DataTable
        rows={users.data}
        rowKey={(user) => user.id}
        columns={[
          {
            header: 'Assigned',
            cell: (user) => (
              <input
                type="checkbox"
                aria-label={`Assign ${user.username}`}
                checked={rowOf(user.id).assigned}
                onChange={(e) => update(user.id, { assigned: e.target.checked })}
              />
            ),
          },
          { header: 'User', cell: (user) => user.username },
          { header: 'Role', cell: (user) => user.role },
          {
            header: 'Quota (patients)',
            cell: (user) => (
              <input
                type="number"
                min="0"
                step="1"
                placeholder="no limit"
                aria-label={`Quota for ${user.username}`}
                disabled={!rowOf(user.id).assigned}
                value={rowOf(user.id).quota}
                onChange={(e) => update(user.id, { quota: e.target.value })}
              />
            ),
          },
          {
            header: 'Reviewer',
            cell: (user) =>
              user.role === 'radiologist' ? (
                <input
                  type="checkbox"
                  aria-label={`${user.username} reviews masks`}
                  data-testid="member-reviewer"
                  disabled={!rowOf(user.id).assigned}
                  checked={rowOf(user.id).reviewer}
                  onChange={(e) => update(user.id, { reviewer: e.target.checked })}
                />
              ) : (
                <span className="muted">always (lead)</span>
              ),
          },
          { header: 'Annotated', cell: (user) => done.get(user.id) ?? 0 },
        ]}
      />
      <p className="muted">
        Reviewers accept or return colleagues&apos; masks where the project reviews masks (a setting on the Rounds tab);
        nobody decides on a case they read themselves.
      </p>
      <button type="submit" disabled={save.isPending}>
        Save assignments
      </button>
      {save.error && (
        <p role="alert" className="error">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && <p role="status">Assignments saved.</p>}
    </form>
  )
}
