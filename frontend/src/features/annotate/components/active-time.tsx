import { formatClock } from '@/lib/format'
import { useActiveTime } from '../hooks/use-active-clock'
import type { ActiveClockStore } from '../utils/active-clock-store'

/** The ticking time on the case: its own component, so only this span re-renders every second. */
export function ActiveTime({ clock }: { clock: ActiveClockStore }) {
  const time = useActiveTime(clock)
  return (
    <span data-testid="active-time" title="Active time on this case (idle over 60 s is not counted)">
      Active time {formatClock(time.seconds)}
      {time.idle ? ' (paused: idle)' : ''}
    </span>
  )
}
