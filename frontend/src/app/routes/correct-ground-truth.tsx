import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { usePatient } from '@/features/annotate/api/get-patient'
import { AnnotationWorkspace } from '@/features/annotate/components/annotation-workspace'
import { RealIdentity } from '@/features/identity/components/real-identity'
import { useProject } from '@/features/projects/api/get-project'

/**
 * A lead's or admin's viewer on any patient of their projects (validation and imported ground truth included),
 * reached from the project's patient list: the drawing starts from the accepted mask and is saved only through the
 * audited ground-truth correction.
 */
export function CorrectGroundTruthRoute() {
  const { patientId = '' } = useParams()
  const patient = usePatient(patientId)
  // The identity look-up is offered for projects that de-identify (only those hold pseudonyms).
  const project = useProject(patient.data?.project_id ?? '', false, Boolean(patient.data))
  const [flash, setFlash] = useState<string | null>(null)

  if (patient.error) return <p role="alert">{patient.error.message}</p>
  if (patient.isPending || !patient.isFetchedAfterMount) return <p role="status">Loading patient…</p>
  const p = patient.data
  return (
    <>
      <p>
        <Link to={`/projects/${encodeURIComponent(p.project_id)}?tab=patients`}>← Back to project</Link>
      </p>
      <h1>
        Ground truth of patient {p.external_id}{' '}
        <span className="muted">
          ({p.split}, {p.modality}, {p.shape.join(' × ')})
        </span>
      </h1>
      {project.data?.deidentify && (
        <p>
          <RealIdentity projectId={p.project_id} patientId={p.id} pseudonym={p.external_id} />
        </p>
      )}
      <p className="muted" data-testid="accepted-version">
        {p.annotation_version === null
          ? 'No accepted annotation yet.'
          : `Accepted annotation: version ${p.annotation_version}.`}
      </p>
      {flash && (
        <p role="status" className="flash" data-testid="correction-flash">
          {flash}
        </p>
      )}
      {/* Re-keyed on the accepted version: after a correction the viewer reloads what is accepted now. */}
      <AnnotationWorkspace
        key={`${p.id}-${p.annotation_version ?? 0}`}
        mode="correct"
        patient={p}
        onCorrected={(result) => setFlash(`Ground truth corrected: version ${result.version} is now accepted.`)}
      />
    </>
  )
}
