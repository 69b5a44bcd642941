import { type FormEvent, useState } from 'react'
import { DataTable } from '@/components/data-table'
import type { ProjectMemberInfo, UserBrief } from '@/types/api'
import { useAssignableUsers, useMembers, useSetMembers } from '../api/members'

interface Row {
  assigned: boolean
  quota: string
}

function rowsFromServer(users: UserBrief[], members: ProjectMemberInfo[]): Record<string, Row> {
  const next: Record<string, Row> = {}
  for (const user of users) {
    const member = members.find((m) => m.user_id === user.id)
    next[user.id] = { assigned: Boolean(member), quota: member?.quota != null ? String(member.quota) : '' }
  }
  return next
}

/** Assign readers to the project with an optional per-reader quota (patients), and see how far each has got. */
export function MembersForm({ projectId }: { projectId: string }) {
  const users = useAssignableUsers()
  const members = useMembers(projectId)
  const save = useSetMembers(projectId)
  const [rows, setRows] = useState<Record<string, Row>>({})
  // The form restarts from the server's assignments whenever they are (re)loaded; adjusted during render, not in
  // an effect, so the first paint already shows them.
  const [loaded, setLoaded] = useState<{ users: unknown; members: unknown } | null>(null)
  if (users.data && members.data && (loaded?.users !== users.data || loaded.members !== members.data)) {
    setLoaded({ users: users.data, members: members.data })
    setRows(rowsFromServer(users.data, members.data))
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const assignments = Object.entries(rows)
      .filter(([, row]) => row.assigned)
      .map(([userId, row]) => ({ user_id: userId, quota: row.quota === '' ? null : Number(row.quota) }))
    save.mutate(assignments)
  }

  if (users.error) return <p role="alert">{users.error.message}</p>
  if (!users.data || !members.data) return <p role="status">Loading readers…</p>
  const done = new Map(members.data.map((m) => [m.user_id, m.annotated]))
  const rowOf = (userId: string): Row => rows[userId] ?? { assigned: false, quota: '' }
  const update = (userId: string, patch: Partial<Row>) => setRows({ ...rows, [userId]: { ...rowOf(userId), ...patch } })
  return (
    <form className="card" onSubmit={submit} aria-labelledby="members-title" data-testid="members-form">
      <h3 id="members-title">Readers and quotas</h3>
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
          { header: 'Annotated', cell: (user) => done.get(user.id) ?? 0 },
        ]}
      />
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
