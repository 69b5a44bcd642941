import type { PatientDetail } from '@/types/api'
import type { LoadState } from '../hooks/use-case-loader'
import type { ReservationState } from '../hooks/use-reservation'
import type { ActiveClockStore } from '../utils/active-clock-store'
import type { SaveState } from '../utils/draft-autosave'
import { ActiveTime } from './active-time'

/** Under the viewer: what was loaded, whether the drawing is saved, the active time and the reservation. */
export function CaseStatus(props: {
  patient: PatientDetail
  load: LoadState
  saveState: SaveState
  correcting: boolean
  clock: ActiveClockStore
  reservation: ReservationState
}) {
  const { patient, load, saveState, correcting, clock, reservation } = props
  return (
    <>
      <p role="status" className="viewer-status" data-testid="viewer-status">
        {load.kind === 'loading' && 'Loading volume…'}
        {load.kind === 'ready' && load.source === 'draft' && 'Your saved draft was restored.'}
        {load.kind === 'ready' &&
          load.source === 'accepted' &&
          `Ground truth version ${patient.annotation_version} loaded as the starting mask.`}
        {load.kind === 'ready' && load.source === 'prediction' && 'Model prediction loaded as the starting mask.'}
        {load.kind === 'ready' && load.source === 'empty' && 'No prediction: empty mask.'}
      </p>
      <p className="muted" data-testid="case-meta">
        <span data-testid="save-state" data-state={saveState}>
          {saveState === 'clean' && 'No changes yet'}
          {saveState === 'dirty' &&
            (correcting ? 'Unsaved changes (a correction is not autosaved)' : 'Unsaved changes')}
          {saveState === 'saving' && 'Saving draft…'}
          {saveState === 'saved' && 'Draft saved'}
          {saveState === 'error' && 'Draft not saved'}
        </span>
        {' · '}
        <ActiveTime clock={clock} />
        {reservation.kind === 'held' && (
          <>
            {' · '}
            <span data-testid="reserved-until">
              Reserved for you until {new Date(reservation.until).toLocaleTimeString()}
            </span>
          </>
        )}
      </p>
    </>
  )
}
