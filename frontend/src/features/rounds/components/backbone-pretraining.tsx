import { useNow } from '@/lib/use-now'
import { usePretraining } from '../api/get-pretraining'
import { describeTiming } from '../utils/round-eta'
import { pretrainingSummary } from '../utils/pretraining'

/**
 * The Models Genesis backbone pre-training that an import queued: a bar, elapsed time and an estimate while it runs,
 * so the lead knows why the first round should wait (or that it will start from a ready backbone). Shows nothing
 * when no pre-training was queued.
 */
export function BackbonePretraining({ projectId }: { projectId: string }) {
  const { data: job } = usePretraining(projectId)
  const now = useNow()
  if (!job) return null
  const running = job.status === 'queued' || job.status === 'running'
  return (
    <p className={job.status === 'failed' ? 'error' : 'muted'} role="status" data-testid="backbone-pretraining">
      {pretrainingSummary(job)}
      {running && typeof job.progress.percent === 'number' && (
        <>
          {' '}
          <progress max={100} value={job.progress.percent} aria-label="Backbone pre-training" />
        </>
      )}
      {running && ` (${describeTiming(job, now)})`}
    </p>
  )
}
