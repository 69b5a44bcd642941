import type { ProjectCounts } from '@/types/api'
import { describeCounts } from '../utils/patient-state'

/** A project's patients by state, from the server's one count (`counts`): the same line on every page. */
export function PatientCounts({ counts }: { counts: ProjectCounts }) {
  return <span data-testid="patient-counts">{describeCounts(counts)}</span>
}
