import { formatMoney } from '@/lib/format'
import type { PatientSummary } from '@/types/api'

/** With `onSetSplit` the lead can move a patient between the pool and the validation set. */
export function PatientsTable({
  patients,
  onSetSplit,
  busy = false,
}: {
  patients: PatientSummary[]
  onSetSplit?: (patient: PatientSummary, split: PatientSummary['split']) => void
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
        </tr>
      </thead>
      <tbody>
        {patients.map((patient) => (
          <tr key={patient.id}>
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
          </tr>
        ))}
      </tbody>
    </table>
  )
}
