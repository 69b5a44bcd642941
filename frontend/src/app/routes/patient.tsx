import { useQuery } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import { Link, Navigate, useLocation, useParams, useSearchParams } from 'react-router'
import { usePatient } from '@/features/annotate/api/get-patient'
import { usePatientAnnotations } from '@/features/patients/api/get-annotations'
import { PatientBrowser } from '@/features/patients/components/patient-browser'
import { chooseMask, type MaskOption, maskOptions } from '@/features/patients/utils/mask-versions'
import { backTarget, patientPagePath } from '@/features/patients/utils/patient-page'
import { openDecision } from '@/features/patients/utils/queue-gate'
import { getQueueQueryOptions } from '@/features/worklist/api/get-queue'
import { useUser } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'

/**
 * A patient, read-only, for anyone of the project: the de-identified header, the image, and every mask version to
 * switch between (`?mask=v2` keeps the choice in the URL). It reserves nothing and writes no draft; "Open for
 * annotation" appears only where the case is the caller's own (in their queue, their draft or their annotation),
 * "Correct ground truth" only for a lead or admin (the audited correction).
 */
export function PatientRoute() {
  const { projectId = '', patientId = '' } = useParams()
  const location = useLocation()
  const [params, setParams] = useSearchParams()
  const { data: user } = useUser()
  const canManage = user?.role === 'lead' || user?.role === 'admin'
  const annotates = user?.role === 'lead' || user?.role === 'radiologist'
  const patient = usePatient(patientId)
  const versions = usePatientAnnotations(patientId)
  const queue = useQuery({ ...getQueueQueryOptions(), enabled: annotates })
  const masks = patient.data?.masks
  const options = useMemo(
    () => (masks && versions.data ? maskOptions(masks, versions.data) : null),
    [masks, versions.data],
  )
  const selected = options ? chooseMask(options, params.get('mask')) : null
  const select = useCallback(
    (option: MaskOption) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          next.set('mask', option.key)
          return next
        },
        { replace: true, preventScrollReset: true },
      ),
    [setParams],
  )

  const error = patient.error ?? versions.error
  if (error) return <p role="alert">{error.message}</p>
  const p = patient.data
  if (!p || !options || !selected) return <p role="status">Loading patient…</p>
  // A link with another project's id: the patient's own project is the one to show it under.
  if (p.project_id !== projectId)
    return <Navigate replace to={`${patientPagePath(p.project_id, p.id)}${location.search}`} />
  const back = backTarget(location.state, p.project_id, canManage)
  const mayOpen = annotates && openDecision(queue.data, queue.isError, p, user?.username) === 'open'
  return (
    <>
      <p>
        <Link to={back.to} data-testid="patient-back">
          ← {back.label}
        </Link>
      </p>
      <h1>
        Patient {p.external_id}{' '}
        <span className="muted">
          ({p.modality}, {p.shape.join(' × ')})
        </span>{' '}
        <span className="badge" data-testid="read-only-badge">
          read-only
        </span>
      </h1>
      <dl className="patient-header" data-testid="patient-header">
        <dt>Split</dt>
        <dd data-testid="patient-split">{p.split}</dd>
        <dt>Accepted version</dt>
        <dd data-testid="patient-accepted">
          {p.masks.accepted ? `v${p.masks.accepted.version}, ${formatDateTime(p.masks.accepted.created_at)}` : 'none'}
        </dd>
        <dt>Study date</dt>
        <dd>{p.study_date ?? 'unknown'}</dd>
        {p.study_description && (
          <>
            <dt>Study</dt>
            <dd>{p.study_description}</dd>
          </>
        )}
        {p.series_description && (
          <>
            <dt>Series</dt>
            <dd>{p.series_description}</dd>
          </>
        )}
        <dt>Voxel spacing</dt>
        <dd>{p.spacing.map((mm) => mm.toFixed(2)).join(' × ')} mm</dd>
      </dl>
      <p className="muted" data-testid="read-only-note">
        Looking at this patient reserves nothing and saves no draft.
        {mayOpen && (
          <>
            {' '}
            <Link to={`/annotate/${encodeURIComponent(p.id)}`} data-testid="open-for-annotation">
              Open for annotation
            </Link>
          </>
        )}
        {canManage && (
          <>
            {' '}
            <Link to={`/patients/${encodeURIComponent(p.id)}/ground-truth`} data-testid="open-correction">
              Correct ground truth…
            </Link>
          </>
        )}
      </p>
      <PatientBrowser key={p.id} patient={p} options={options} selected={selected} onSelect={select} />
    </>
  )
}
