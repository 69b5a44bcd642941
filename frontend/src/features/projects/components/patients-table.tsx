import type { PatientSummary } from '@/types/api'

export function PatientsTable({ patients }: { patients: PatientSummary[] }) {
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
          </tr>
        ))}
      </tbody>
    </table>
  )
}
