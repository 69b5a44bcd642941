import { useHealth } from '../api/get-health'

/** Workers, queues and running jobs from GET /api/admin/health; hidden when the server does not offer it. */
export function HealthPanel() {
  const health = useHealth()
  if (health.isPending || health.data === null) return null
  if (health.error) return <p role="alert">Worker health: {health.error.message}</p>
  const h = health.data
  const stale = h.jobs.filter((j) => j.stale).length
  return (
    <section className="card" aria-labelledby="health-title" data-testid="health-panel">
      <h2 id="health-title">Workers and queues</h2>
      <dl className="facts">
        <dt>Broker</dt>
        <dd>
          {h.broker} · {h.broker_ok ? 'reachable' : <strong className="error">unreachable</strong>}
        </dd>
        <dt>Workers</dt>
        <dd>
          {h.workers === null ? (
            h.workers_detail
          ) : h.workers.length === 0 ? (
            <strong className="error">no worker answers</strong>
          ) : (
            h.workers.map((w) => `${w.name} (${w.active_tasks} active)`).join(', ')
          )}
        </dd>
        <dt>Queues</dt>
        <dd>
          {Object.entries(h.queues)
            .map(([name, depth]) => `${name}: ${depth}`)
            .join(' · ') || '–'}
          {h.unacked !== null && ` · unacknowledged ${h.unacked}`}
        </dd>
        <dt>Jobs</dt>
        <dd>
          {h.jobs.length} queued or running
          {stale > 0 && <strong className="error"> · {stale} without a recent heartbeat</strong>}
        </dd>
      </dl>
    </section>
  )
}
