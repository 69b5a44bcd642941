import { type FormEvent, useEffect, useState } from 'react'
import { useAssignableUsers, useMembers, useSetMembers } from '../api/members'

interface Row {
  assigned: boolean
  quota: string
}

/** Assign readers to the project with an optional per-reader quota (patients), and see how far each has got. */
export function MembersForm({ projectId }: { projectId: string }) {
  const users = useAssignableUsers()
  const members = useMembers(projectId)
  const save = useSetMembers(projectId)
  const [rows, setRows] = useState<Record<string, Row>>({})

  useEffect(() => {
    if (!users.data || !members.data) return
    const next: Record<string, Row> = {}
    for (const user of users.data) {
      const member = members.data.find((m) => m.user_id === user.id)
      next[user.id] = { assigned: Boolean(member), quota: member?.quota != null ? String(member.quota) : '' }
    }
    setRows(next)
  }, [users.data, members.data])

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
  return (
    <form className="card" onSubmit={submit} aria-labelledby="members-title" data-testid="members-form">
      <h3 id="members-title">Readers and quotas</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Assigned</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Quota (patients)</th>
            <th scope="col">Annotated</th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((user) => {
            const row = rows[user.id] ?? { assigned: false, quota: '' }
            const update = (patch: Partial<Row>) => setRows({ ...rows, [user.id]: { ...row, ...patch } })
            return (
              <tr key={user.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Assign ${user.username}`}
                    checked={row.assigned}
                    onChange={(e) => update({ assigned: e.target.checked })}
                  />
                </td>
                <td>{user.username}</td>
                <td>{user.role}</td>
                <td>
                  <input
                    type="number"
                    min="0"
                    step="1"
                    placeholder="no limit"
                    aria-label={`Quota for ${user.username}`}
                    disabled={!row.assigned}
                    value={row.quota}
                    onChange={(e) => update({ quota: e.target.value })}
                  />
                </td>
                <td>{done.get(user.id) ?? 0}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
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
