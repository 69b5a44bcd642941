/** The read-only patient page (`/projects/:projectId/patients/:patientId`): looking at a patient reserves nothing. */
export const patientPagePath = (projectId: string, patientId: string) =>
  `/projects/${encodeURIComponent(projectId)}/patients/${encodeURIComponent(patientId)}`

/** What a link to the page passes as router state: where its "back" link returns (the list with its filters). */
export interface BackLink {
  back?: string
}

/** The page's "back" target: the list it was opened from, else the role's own list of patients. */
export function backTarget(state: unknown, projectId: string, canManage: boolean): { to: string; label: string } {
  const back = (state as BackLink | null)?.back
  if (typeof back === 'string' && back.startsWith('/') && !back.startsWith('//')) {
    if (back.startsWith('/queue')) return { to: back, label: 'Back to queue' }
    if (back.startsWith('/review')) return { to: back, label: 'Back to review' }
    return { to: back, label: 'Back to patients' }
  }
  return canManage
    ? { to: `/projects/${encodeURIComponent(projectId)}?tab=patients`, label: 'Back to patients' }
    : { to: '/queue', label: 'Back to queue' }
}
