import { DataTable } from '@/components/data-table'
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
      {sessions.data && (
        <DataTable
          rows={sessions.data}
          rowKey={(s) => s.id}
          rowProps={(s) => ({ 'data-testid': 'session-row', 'data-current': s.current })}
          caption="Your live sessions, newest first"
          empty="No live sessions."
          columns={[
            { header: 'Started', cell: (s) => formatDateTime(s.created_at) },
            { header: 'Last seen', cell: (s) => formatDateTime(s.last_seen_at) },
            { header: 'Expires', cell: (s) => formatDateTime(s.expires_at) },
            { header: 'Browser', cell: (s) => describeBrowser(s.user_agent), title: (s) => s.user_agent ?? undefined },
            { header: 'Address', cell: (s) => s.client_address ?? '–' },
            { header: null, cell: (s) => s.current && <strong data-testid="session-current">This session</strong> },
          ]}
        />
      )}
    </section>
  )
}
