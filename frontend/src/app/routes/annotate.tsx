import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { usePatient } from '@/features/annotate/api/get-patient'
import { AnnotationWorkspace } from '@/features/annotate/components/annotation-workspace'
import { ReviewBanner } from '@/features/annotate/components/review-banner'
import { submittedFlash } from '@/features/annotate/utils/submitted'
import { type BackLink, patientPagePath } from '@/features/patients/utils/patient-page'
import { openDecision } from '@/features/patients/utils/queue-gate'
import { useProjects } from '@/features/projects/api/get-projects'
import { getQueueQueryOptions } from '@/features/worklist/api/get-queue'
import { useUser } from '@/lib/auth'
import { UncertaintyLegend } from '@/components/uncertainty-legend'
import type { AnnotationCreated, SkipReason } from '@/types/api'
import type { QueueFlash } from './queue'

/**
 * A case of the reader's queue, opened for annotation (the workspace reserves it). A case that is not in their own
 * queue (a typed or shared `/annotate/<id>` link) is not reserved silently: the page first asks whether to view it
 * read-only or take it, and only "Take this case" mounts the workspace and so reserves.
 */
export function AnnotateRoute() {
  const { patientId = '' } = useParams()
  const patient = usePatient(patientId)
  const navigate = useNavigate()
  // Fetched fresh: the queue as it is now decides, not one cached from a while ago.
  const queue = useQuery({ ...getQueueQueryOptions(), refetchOnMount: 'always', refetchOnWindowFocus: false })
  const { data: user } = useUser()
  const projects = useProjects()
  const decision = patient.data
    ? openDecision(queue.isFetchedAfterMount ? queue.data : undefined, queue.isError, patient.data, user?.username)
    : 'loading'
  // Once the case is opened it stays open for this visit, whatever a later queue refresh says (the reader is working).
  const [opened, setOpened] = useState<string | null>(null)
  if (decision === 'open' && patient.data && opened !== patient.data.id) setOpened(patient.data.id)

  function done(result: AnnotationCreated) {
    const name = patient.data?.external_id ?? 'patient'
    const project = projects.data?.find((candidate) => candidate.id === patient.data?.project_id)
    const forReview = Boolean(patient.data?.masks.read) || project?.review_required === true
    const state: QueueFlash = { flash: submittedFlash(name, result, forReview) }
    void navigate('/queue', { state })
  }

  function corrected(result: AnnotationCreated) {
    const name = patient.data?.external_id ?? 'patient'
    const state: QueueFlash = { flash: `Corrected the ground truth of ${name}: version ${result.version} is accepted.` }
    void navigate('/queue', { state })
  }

  function skipped(reason: SkipReason) {
    const name = patient.data?.external_id ?? 'patient'
    const state: QueueFlash = {
      flash: `Skipped ${name} (${reason.replace('_', ' ')}); the project lead has been flagged.`,
    }
    void navigate('/queue', { state })
  }

  if (patient.error) return <p role="alert">{patient.error.message}</p>
  if (patient.isPending || !patient.isFetchedAfterMount) return <p role="status">Loading patient…</p>
  const p = patient.data
  if (opened !== p.id) {
    if (decision === 'loading') return <p role="status">Checking your queue…</p>
    const back: BackLink = { back: '/queue' }
    return (
      <>
        <p>
          <Link to="/queue">← Back to queue</Link>
        </p>
        <section className="card" aria-labelledby="not-in-queue-title" data-testid="not-in-queue">
          <h1 id="not-in-queue-title">This case is not in your queue</h1>
          <p>
            Patient {p.external_id} is not one of the cases offered to you. You can look at it read-only, which reserves
            nothing, or take it: that reserves it for you for 30 minutes, if it may be annotated by you.
          </p>
          <p className="form-row case-choice">
            <Link
              to={patientPagePath(p.project_id, p.id)}
              state={back}
              className="link-button"
              data-testid="view-read-only"
            >
              View read-only
            </Link>
            <button type="button" className="primary" data-testid="take-case" onClick={() => setOpened(p.id)}>
              Take this case
            </button>
          </p>
        </section>
      </>
    )
  }
  return (
    <>
      <p>
        <Link to="/queue">← Back to queue</Link>
      </p>
      <h1>
        Patient {p.external_id}{' '}
        <span className="muted">
          ({p.modality}, {p.shape.join(' × ')})
        </span>
      </h1>
      <ReviewBanner read={p.masks.read} />
      {p.has_uncertainty && <UncertaintyLegend />}
      <AnnotationWorkspace key={p.id} patient={p} onSubmitted={done} onSkipped={skipped} onCorrected={corrected} />
    </>
  )
}
