import { type FormEvent, useState } from 'react'
import { type DataColumn, DataTable } from '@/components/data-table'
import { useProjects } from '@/features/projects/api/get-projects'
import { formatDateTime } from '@/lib/format'
import type { AuditEvent } from '@/types/api'
import { type AuditFilters, useAudit } from '../api/get-audit'

const PAGE = 50

/** datetime-local values are local time; the API wants an ISO instant. */
function toIso(local: string): string | undefined {
  if (!local) return undefined
  const date = new Date(local)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function describe(details: Record<string, unknown>): string {
  const text = JSON.stringify(details)
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text
}

const AUDIT_COLUMNS: DataColumn<AuditEvent>[] = [
  { header: 'When', cell: (event) => formatDateTime(event.created_at) },
  { header: 'Who', cell: (event) => event.user ?? 'system' },
  { header: 'Action', cell: (event) => <code>{event.action}</code> },
  {
    header: 'Target',
    cell: (event) => (
      <>
        {event.target_type}
        {event.target_id && <span className="muted"> {event.target_id.slice(0, 8)}</span>}
      </>
    ),
  },
  { header: 'Details', cell: (event) => describe(event.details) },
]

/** Who viewed, edited, submitted, exported or changed what; filter by user, action, date range and project. */
export function AuditLog() {
  const [draft, setDraft] = useState({ user: '', action: '', since: '', until: '', project_id: '' })
  const [filters, setFilters] = useState<AuditFilters>({ limit: PAGE, offset: 0 })
  const audit = useAudit(filters)
  const projects = useProjects()

  function apply(event: FormEvent) {
    event.preventDefault()
    setFilters({
      user: draft.user.trim() || undefined,
      action: draft.action || undefined,
      since: toIso(draft.since),
      until: toIso(draft.until),
      project_id: draft.project_id || undefined,
      limit: PAGE,
      offset: 0,
    })
  }

  const offset = filters.offset ?? 0
  const total = audit.data?.total ?? 0
  return (
    <section aria-labelledby="audit-title">
      <form className="card inline-form" onSubmit={apply} aria-label="Audit log filters">
        <label htmlFor="audit-user">User</label>
        <input id="audit-user" value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })} />
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
          <option value="">any</option>
          {(audit.data?.actions ?? []).map((action) => (
            <option key={action}>{action}</option>
          ))}
        </select>
        <label htmlFor="audit-project">Project</label>
        <select
          id="audit-project"
          value={draft.project_id}
          onChange={(e) => setDraft({ ...draft, project_id: e.target.value })}
        >
          <option value="">any</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="audit-since">From</label>
        <input
          id="audit-since"
          type="datetime-local"
          value={draft.since}
          onChange={(e) => setDraft({ ...draft, since: e.target.value })}
        />
        <label htmlFor="audit-until">To</label>
        <input
          id="audit-until"
          type="datetime-local"
          value={draft.until}
          onChange={(e) => setDraft({ ...draft, until: e.target.value })}
        />
        <button type="submit">Filter</button>
      </form>
      {audit.error && (
        <p role="alert" className="error">
          {audit.error.message}
        </p>
      )}
      <p className="muted" role="status">
        {total} event(s){total > 0 && ` · showing ${offset + 1}–${Math.min(offset + PAGE, total)}`}
      </p>
      <DataTable
        rows={audit.data?.events ?? []}
        rowKey={(event) => event.id}
        caption="Audit log (append-only)"
        captionId="audit-title"
        testId="audit-table"
        columns={AUDIT_COLUMNS}
      />
      <p>
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setFilters({ ...filters, offset: Math.max(0, offset - PAGE) })}
        >
          Newer
        </button>{' '}
        <button
          type="button"
          disabled={offset + PAGE >= total}
          onClick={() => setFilters({ ...filters, offset: offset + PAGE })}
        >
          Older
        </button>
      </p>
    </section>
  )
}
