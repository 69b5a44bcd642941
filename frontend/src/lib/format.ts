/** Display helpers shared by every page; pure so they are unit-tested. */

const moneyFormats = new Map<string, Intl.NumberFormat>()

/**
 * An amount in the project's currency (an ISO 4217 code), written the reader's way: "€12.50", "CHF 12.50",
 * "¥1,250". Every money figure goes through here so none is shown without its currency.
 */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  let format = moneyFormats.get(currency)
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency })
    moneyFormats.set(currency, format)
  }
  return format.format(value)
}

export function formatScore(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  return value.toFixed(digits)
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  return `${Math.round(value)}%`
}

/** Server timestamps without a zone suffix are UTC; `new Date()` would otherwise read them as local time. */
export function parseServerTime(iso: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso)
  return new Date(hasZone ? iso : `${iso}Z`).getTime()
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–'
  const date = new Date(parseServerTime(iso))
  if (Number.isNaN(date.getTime())) return '–'
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })
}

/** A span of seconds as "1h 02m", "3m 07s" or "12s" (rounded to the second); a dash when unknown. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–'
  const total = Math.round(seconds)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const rest = total % 60
  const pad = (n: number) => n.toString().padStart(2, '0')
  if (hours > 0) return `${hours}h ${pad(minutes)}m`
  if (minutes > 0) return `${minutes}m ${pad(rest)}s`
  return `${rest}s`
}

/** The time between two server timestamps as `formatSeconds` writes it; a running round is measured up to `now`. */
export function formatDuration(
  startIso: string | null | undefined,
  endIso: string | null | undefined,
  now = Date.now(),
): string {
  if (!startIso) return '–'
  const start = parseServerTime(startIso)
  const end = endIso ? parseServerTime(endIso) : now
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return '–'
  return formatSeconds((end - start) / 1000)
}

/** An estimate's span as a reader glances at it: "45 s", "3 min", "1 h 05 min" (seconds would be false precision). */
export function formatApproxDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** A span of seconds as "m:ss" ("0:07", "3:05", "75:00"); a dash when unknown. */
export function formatClock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–'
  const total = Math.round(seconds)
  const minutes = Math.floor(total / 60)
  return `${minutes}:${(total % 60).toString().padStart(2, '0')}`
}

/** A predicted reading time: "~7 min", "<1 min", "~1 h 05 min"; a dash when there is no prediction. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes) || minutes < 0) return '–'
  if (minutes < 0.5) return '<1 min'
  const total = Math.round(minutes)
  if (total < 60) return `~${total} min`
  return `~${Math.floor(total / 60)} h ${(total % 60).toString().padStart(2, '0')} min`
}

/** A DICOM person name (`Doe^Jane^^Dr`) as people write it: "Doe, Jane"; a dash when there is none. */
export function formatPersonName(value: string | null | undefined): string {
  if (!value) return '–'
  const [family = '', given = ''] = value.split('^')
  if (family && given) return `${family}, ${given}`
  return family || given || value
}
