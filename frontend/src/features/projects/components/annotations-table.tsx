import { formatClock, formatDateTime } from '@/lib/format'
import { useProjectAnnotations } from '../api/get-annotations'

/** Every accepted mask of the project with its author and active time on the case. */
export function AnnotationsPanel({ projectId }: { projectId: string }) {
  const annotations = useProjectAnnotations(projectId)
  return (
    <section className="card" aria-labelledby="annotations-title" data-testid="annotations">
      <h2 id="annotations-title">Annotations</h2>
      {annotations.isPending && <p role="status">Loading annotations…</p>}
      {annotations.error && <p role="alert">{annotations.error.message}</p>}
      {annotations.data && annotations.data.length === 0 && <p>No annotations submitted yet.</p>}
      {annotations.data && annotations.data.length > 0 && (
        <table>
          <caption>Accepted masks, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Version</th>
              <th scope="col">Author</th>
              <th scope="col">Source</th>
              <th scope="col">Submitted at</th>
              <th scope="col">Time on case</th>
            </tr>
          </thead>
          <tbody>
            {annotations.data.map((a) => (
              <tr key={a.id}>
                <td>{a.external_id}</td>
                <td>v{a.version}</td>
                <td>{a.author ?? '–'}</td>
                <td>{a.source}</td>
                <td>{formatDateTime(a.created_at)}</td>
                <td>{formatClock(a.time_spent_s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
