import { formatDateTime } from '@/lib/format'
import type { ProjectAnnotation } from '@/types/api'
import { useDownloadSeg, useSendSeg } from '../api/seg'

/** Download the accepted label as DICOM SEG, or store it in the project's PACS and show what the PACS now holds. */
export function SegActions({
  projectId,
  annotation,
  pacsConnected,
}: {
  projectId: string
  annotation: ProjectAnnotation
  pacsConnected: boolean
}) {
  const download = useDownloadSeg(projectId)
  const send = useSendSeg(projectId)
  const delivery = send.data
  const error = download.error ?? send.error
  return (
    <div className="seg-actions">
      <button
        type="button"
        disabled={download.isPending}
        data-testid="download-seg"
        aria-label={`Download the DICOM SEG of ${annotation.external_id}`}
        onClick={() => download.mutate({ patientId: annotation.patient_id, name: annotation.external_id })}
      >
        {download.isPending ? 'Preparing…' : 'Download DICOM SEG'}
      </button>
      {pacsConnected && (
        <button
          type="button"
          disabled={send.isPending}
          data-testid="send-seg"
          aria-label={`Send the DICOM SEG of ${annotation.external_id} to the PACS`}
          onClick={() => send.mutate(annotation.patient_id)}
        >
          {send.isPending ? 'Sending…' : delivery ? 'Send again' : 'Send to PACS'}
        </button>
      )}
      {delivery && (
        <p role="status" className="seg-sent" data-testid="seg-sent">
          {delivery.created ? 'Stored in the PACS' : 'Already in the PACS (replaced, not duplicated)'}{' '}
          {formatDateTime(delivery.sent_at)}
          <br />
          <span className="uid" title="Series Instance UID">
            Series {delivery.series_instance_uid}
          </span>
          <br />
          <span className="uid" title="SOP Instance UID">
            SOP {delivery.sop_instance_uid}
          </span>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </div>
  )
}
