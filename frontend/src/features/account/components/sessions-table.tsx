import { formatDateTime } from '@/lib/format'
import { useMySessions } from '../api/account'
import { describeBrowser } from '../utils/account'

/** Where and since when you are logged in; the one this page was loaded with is marked. */
export function SessionsTable() {
  const sessions = useMySessions()
  return (
    <section className="card" aria-labelledby="sessions-title" data-testid="sessions">
      <h2 id="sessions-title">Active sessions</h2>
      {sessions.isPending && <p role="status">Loading sessions…</p>}
      {sessions.error && (
        <p role="alert" className="error">
          {sessions.error.message}
        </p>
      )}
      {sessions.data && sessions.data.length === 0 && <p>No live sessions.</p>}
      {sessions.data && sessions.data.length > 0 && (
        <table>
          <caption>Your live sessions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last seen</th>
              <th scope="col">Expires</th>
              <th scope="col">Browser</th>
              <th scope="col">Address</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((s) => (
              <tr key={s.id} data-testid="session-row" data-current={s.current}>
                <td>{formatDateTime(s.created_at)}</td>
                <td>{formatDateTime(s.last_seen_at)}</td>
                <td>{formatDateTime(s.expires_at)}</td>
                <td title={s.user_agent ?? undefined}>{describeBrowser(s.user_agent)}</td>
                <td>{s.client_address ?? '–'}</td>
                <td>{s.current && <strong data-testid="session-current">This session</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
