import type { LoadState } from '../hooks/use-case-loader'
import type { ReservationState } from '../hooks/use-reservation'
import type { ActiveClockStore } from '../utils/active-clock-store'
import type { SaveState } from '../utils/draft-autosave'
import { describeStartingMask } from '../utils/starting-mask'
import { ActiveTime } from './active-time'

/**
 * Under the viewer: which mask the case opened with (the reader's draft, the accepted version and its author, the
 * prediction's round, or nothing) or, while a large volume's preview stands in for it, that the full resolution is
 * still loading; whether the drawing is saved, the active time and the reservation.
 */
export function CaseStatus(props: {
  load: LoadState
  saveState: SaveState
  correcting: boolean
  clock: ActiveClockStore
  reservation: ReservationState
}) {
  const { load, saveState, correcting, clock, reservation } = props
  return (
    <>
      <p
        role="status"
        className="viewer-status"
        data-testid="viewer-status"
        data-mask={load.kind === 'ready' ? load.source : undefined}
        data-loading={load.kind === 'preview' ? 'full-resolution' : undefined}
      >
        {load.kind === 'loading' && 'Loading volume…'}
        {load.kind === 'preview' &&
          'Loading full resolution… (a lower-resolution preview is shown; the tools unlock when it is ready)'}
        {load.kind === 'ready' && `${describeStartingMask(load.source, load.masks)}.`}
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
