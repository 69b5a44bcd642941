import { useEffect, useState, useSyncExternalStore } from 'react'
import { type ActiveTime, ActiveClockStore } from '../utils/active-clock-store'

/**
 * The case's active clock (idle > 60 s excluded), one store per mounted workspace. The store never changes, so
 * hooks and callbacks that read the time do not re-run as it ticks; show the time with `useActiveTime`.
 */
export function useActiveClock(): ActiveClockStore {
  const [clock] = useState(() => new ActiveClockStore())
  useEffect(() => clock.connect(window), [clock])
  return clock
}

/** Re-renders its caller once a second (only it: keep it in the small component that shows the time). */
export function useActiveTime(clock: ActiveClockStore): ActiveTime {
  return useSyncExternalStore(clock.subscribe, clock.getSnapshot)
}
