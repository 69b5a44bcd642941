import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { SegDelivery } from '@/types/api'

const forPatient = (projectId: string, patientId: string) => ({
  params: { path: { project_id: projectId, patient_id: patientId } },
})

/** The file name the server gave (`Content-Disposition`), or a fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1].trim() : fallback
}

/** Hands a downloaded file to the browser's save dialog. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  // The click has started the download; the object URL can go once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * The DICOM SEG of the patient's accepted label, fetched (not a plain link) so a refusal (no accepted label, a
 * source that is not DICOM) shows the server's reason on the page instead of an error page.
 */
export async function downloadSeg(projectId: string, patientId: string, fallbackName: string): Promise<void> {
  const { data, response } = await client.GET('/api/projects/{project_id}/patients/{patient_id}/seg', {
    ...forPatient(projectId, patientId),
    parseAs: 'blob',
    headers: { Accept: 'application/dicom, */*' },
  })
  saveBlob(data as Blob, attachmentName(response.headers.get('Content-Disposition'), fallbackName))
}

export function useDownloadSeg(projectId: string) {
  return useMutation({
    mutationFn: ({ patientId, name }: { patientId: string; name: string }) =>
      downloadSeg(projectId, patientId, `${name}-seg.dcm`),
  })
}

/** STOW-RS of the SEG to the project's PACS; sending the same version again replaces it there (no duplicate). */
export const sendSeg = (projectId: string, patientId: string): Promise<SegDelivery> =>
  unwrap(client.POST('/api/projects/{project_id}/patients/{patient_id}/seg/send', forPatient(projectId, patientId)))

export function useSendSeg(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patientId: string) => sendSeg(projectId, patientId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'annotations'] }),
  })
}
