import type { Project } from '@/types/api'
import { useUpdateSettings } from '../api/update-settings'

/**
 * The project's de-identification switch. On (the default), DICOM that comes in (uploads and PACS imports alike)
 * gets the PS3.15 basic confidentiality profile: readers, exports and logs see a pseudonym and shifted dates only,
 * and the real identity is kept for leads, every look audited. The server refuses to turn it off once the project
 * holds de-identified patients; its reason is shown.
 */
export function DeidentifyForm({ project }: { project: Project }) {
  const update = useUpdateSettings(project.id)
  const pending = update.isPending ? update.variables.deidentify : undefined
  const checked = pending ?? project.deidentify
  return (
    <section className="card" aria-labelledby="deid-title" data-testid="deidentify-settings">
      <h3 id="deid-title">Privacy</h3>
      <label htmlFor="deidentify">
        <input
          id="deidentify"
          type="checkbox"
          checked={checked}
          disabled={update.isPending}
          aria-describedby="deid-hint"
          onChange={(e) => update.mutate({ deidentify: e.target.checked })}
        />{' '}
        De-identify DICOM on import
      </label>
      <p id="deid-hint" className="muted">
        Applies the DICOM PS3.15 Basic Application Level Confidentiality Profile to every DICOM file imported from now
        on (uploads and PACS alike): the patient ID and name become a keyed pseudonym that stays the same for the same
        patient, dates are shifted by a fixed number of days per patient (intervals are kept), and descriptive text and
        private tags are removed. Study, series and instance UIDs are kept so results can be sent back to the PACS.
        Readers, exports and logs only ever see the pseudonym; leads can look up the real identity, and each look is
        recorded in the audit log. Patients already imported are not changed, and once the project holds de-identified
        patients it cannot be turned off (readers would see real identities beside pseudonyms).
      </p>
      {!checked && (
        <p className="error" data-testid="deidentify-off-warning">
          Off: readers will see the patient IDs and names stored in the DICOM headers of new imports.
        </p>
      )}
      {update.error && (
        <p role="alert" className="error">
          {update.error.message}
        </p>
      )}
    </section>
  )
}
