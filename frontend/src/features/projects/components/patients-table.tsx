import { Link } from 'react-router'
import { formatMoney } from '@/lib/format'
import type { PatientSummary } from '@/types/api'

/**
 * With `onSetSplit` the lead can move a patient between the pool and the validation set; with `viewerLinks` each
 * row opens the patient's viewer for a ground-truth correction (any patient, validation included).
 */
export function PatientsTable({
  patients,
  onSetSplit,
  viewerLinks = false,
  busy = false,
}: {
  patients: PatientSummary[]
  onSetSplit?: (patient: PatientSummary, split: PatientSummary['split']) => void
  viewerLinks?: boolean
  busy?: boolean
}) {
  if (patients.length === 0) return <p>No patients imported yet.</p>
  return (
    <table data-testid="patients-table">
      <caption>Patients</caption>
      <thead>
        <tr>
          <th scope="col">External id</th>
          <th scope="col">Split</th>
          <th scope="col">Status</th>
          <th scope="col">Annotation version</th>
          <th scope="col">Shape</th>
          <th scope="col">Cost</th>
          {onSetSplit && <th scope="col">Validation</th>}
          {viewerLinks && <th scope="col">Viewer</th>}
        </tr>
      </thead>
      <tbody>
        {patients.map((patient) => (
          <tr key={patient.id} data-testid="patient-row" data-patient-id={patient.id}>
            <td>{patient.external_id}</td>
            <td>{patient.split}</td>
            <td>{patient.status}</td>
            <td>{patient.annotation_version ?? '–'}</td>
            <td>{patient.shape?.join(' × ') ?? '–'}</td>
            <td data-testid="patient-cost">{formatMoney(patient.cost)}</td>
            {onSetSplit && (
              <td>
                <input
                  type="checkbox"
                  aria-label={`Use ${patient.external_id} for validation`}
                  checked={patient.split === 'validation'}
                  disabled={busy}
                  onChange={(e) => onSetSplit(patient, e.target.checked ? 'validation' : 'pool')}
                />
              </td>
            )}
            {viewerLinks && (
              <td>
                <Link
                  to={`/patients/${encodeURIComponent(patient.id)}/ground-truth`}
                  data-testid="patient-open-viewer"
                  aria-label={`Open ${patient.external_id} in the viewer to review or correct its ground truth`}
                >
                  Open / correct
                </Link>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
