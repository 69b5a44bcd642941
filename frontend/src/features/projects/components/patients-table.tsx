import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { DataTable } from '@/components/data-table'
import { type BackLink, patientPagePath } from '@/features/patients/utils/patient-page'
import { formatMoney } from '@/lib/format'
import type { PatientSummary } from '@/types/api'
import { STATE_WORDS } from '../utils/patient-state'

/**
 * With `projectId` each external id links to the patient's read-only page (which reserves nothing). With
 * `onSetSplit` the lead can move a patient between the pool and the validation set; with `viewerLinks` each row
 * opens the patient's viewer for a ground-truth correction (any patient, validation included); `identity` renders a
 * lead's audited look-up of the real identity behind the pseudonym.
 */
export function PatientsTable({
  patients,
  projectId,
  currency,
  onSetSplit,
  viewerLinks = false,
  busy = false,
  identity,
  empty = 'No patients imported yet.',
}: {
  patients: PatientSummary[]
  /** The project the patients belong to: each row then links to the patient's read-only page. */
  projectId?: string
  /** The project's ISO 4217 code, for the cost column. */
  currency: string
  onSetSplit?: (patient: PatientSummary, split: PatientSummary['split']) => void
  viewerLinks?: boolean
  busy?: boolean
  identity?: (patient: PatientSummary) => ReactNode
  /** What an empty list says (a filtered list that matches nothing is not an empty project). */
  empty?: string
}) {
  const location = useLocation()
  const back: BackLink = { back: `${location.pathname}${location.search}` }
  return (
    <DataTable
      rows={patients}
      rowKey={(patient) => patient.id}
      rowProps={(patient) => ({ 'data-testid': 'patient-row', 'data-patient-id': patient.id })}
      caption="Patients"
      testId="patients-table"
      empty={empty}
      emptyTestId="patients-empty"
      columns={[
        {
          header: 'External id',
          cell: (patient) =>
            projectId ? (
              <Link
                to={patientPagePath(projectId, patient.id)}
                state={back}
                data-testid="patient-open"
                aria-label={`View ${patient.external_id} (read-only)`}
              >
                {patient.external_id}
              </Link>
            ) : (
              patient.external_id
            ),
        },
        { header: 'Split', cell: (patient) => patient.split },
        {
          header: 'State',
          cell: (patient) => (
            <span className={`state state-${patient.state}`} data-state={patient.state}>
              {STATE_WORDS[patient.state]}
            </span>
          ),
          testId: 'patient-state',
        },
        { header: 'Annotation version', cell: (patient) => patient.annotation_version ?? '–' },
        { header: 'Shape', cell: (patient) => patient.shape?.join(' × ') ?? '–' },
        { header: 'Cost', cell: (patient) => formatMoney(patient.cost, currency), testId: 'patient-cost' },
        onSetSplit && {
          header: 'Validation',
          cell: (patient) => (
            <input
              type="checkbox"
              aria-label={`Use ${patient.external_id} for validation`}
              checked={patient.split === 'validation'}
              disabled={busy}
              onChange={(e) => onSetSplit(patient, e.target.checked ? 'validation' : 'pool')}
            />
          ),
        },
        identity && { header: 'Real identity', cell: identity, testId: 'patient-identity' },
        viewerLinks && {
          header: 'Viewer',
          cell: (patient) => (
            <Link
              to={`/patients/${encodeURIComponent(patient.id)}/ground-truth`}
              data-testid="patient-open-viewer"
              aria-label={`Open ${patient.external_id} in the viewer to review or correct its ground truth`}
            >
              Open / correct
            </Link>
          ),
        },
      ]}
    />
  )
}
