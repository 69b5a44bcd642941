import { Link, useNavigate, useParams } from 'react-router'
import { usePatient } from '@/features/annotate/api/get-patient'
import { AnnotationWorkspace } from '@/features/annotate/components/annotation-workspace'
import { UncertaintyLegend } from '@/components/uncertainty-legend'
import { formatMoney } from '@/lib/format'
import type { AnnotationCreated, SkipReason } from '@/types/api'
import type { QueueFlash } from './queue'

export function AnnotateRoute() {
  const { patientId = '' } = useParams()
  const patient = usePatient(patientId)
  const navigate = useNavigate()

  function done(result: AnnotationCreated) {
    const name = patient.data?.external_id ?? 'patient'
    const state: QueueFlash = {
      flash: `Saved annotation v${result.version} of ${name}. Remaining budget: ${formatMoney(result.budget_remaining, result.currency)}.`,
    }
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
      {p.has_uncertainty && <UncertaintyLegend />}
      <AnnotationWorkspace key={p.id} patient={p} onSubmitted={done} onSkipped={skipped} onCorrected={corrected} />
    </>
  )
}
