import { useCallback, useEffect, useRef, useState } from 'react'
import { ActiveClock } from '../utils/active-clock'

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const

/** Active seconds on the case (idle > 60 s excluded); `restart(seconds)` continues from a restored draft. */
export function useActiveClock() {
  const clock = useRef(new ActiveClock(performance.now()))
  const [display, setDisplay] = useState(0)
  useEffect(() => {
    const onInput = () => clock.current.input(performance.now())
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true })
    const timer = window.setInterval(() => setDisplay(clock.current.seconds(performance.now())), 1000)
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput)
      window.clearInterval(timer)
    }
  }, [])
  const seconds = useCallback(() => clock.current.seconds(performance.now()), [])
  const restart = useCallback((startSeconds: number) => {
    clock.current = new ActiveClock(performance.now(), startSeconds)
    setDisplay(startSeconds)
  }, [])
  const idle = clock.current.isIdle(performance.now())
  return { seconds, restart, display, idle }
}
