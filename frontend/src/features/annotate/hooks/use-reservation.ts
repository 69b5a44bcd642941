import { useEffect, useState } from 'react'
import { releaseCase, reserveCase } from '../api/reservation'

/** `not-needed`: a lead's correction writes no draft and takes no case from the queue, so it reserves nothing. */
export type ReservationState =
  { kind: 'pending' } | { kind: 'held'; until: string } | { kind: 'refused'; message: string } | { kind: 'not-needed' }

/** Renewed well before the server's 30-minute expiry while the viewer is open. */
const RENEW_EVERY_MS = 5 * 60_000

/**
 * Holds the case for the user while the workspace is open: reserves on open, renews, and on close gives the case
 * back to the queue when `untouched()` says the user did nothing with it. `untouched` must be a stable function.
 */
export function useReservation(patientId: string, needed: boolean, untouched: () => boolean): ReservationState {
  const [reservation, setReservation] = useState<ReservationState>(
    needed ? { kind: 'pending' } : { kind: 'not-needed' },
  )
  useEffect(() => {
    if (!needed) return
    let alive = true
    const reserve = () =>
      reserveCase(patientId)
        .then((r) => alive && setReservation({ kind: 'held', until: r.expires_at }))
        .catch((error: Error) => alive && setReservation({ kind: 'refused', message: error.message }))
    void reserve()
    const timer = window.setInterval(() => void reserve(), RENEW_EVERY_MS)
    return () => {
      alive = false
      window.clearInterval(timer)
      if (untouched()) void releaseCase(patientId).catch(() => {})
    }
  }, [patientId, needed, untouched])
  return reservation
}
