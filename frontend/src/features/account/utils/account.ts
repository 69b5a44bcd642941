/** The server's minimum (backend/user/password_policy.py); its strength check (zxcvbn) explains its own refusals. */
export const PASSWORD_MIN_LENGTH = 12

/** What is wrong with the new password before asking the server, or null; the server still has the last word. */
export function newPasswordProblem(current: string, next: string, confirm: string): string | null {
  if (next.length < PASSWORD_MIN_LENGTH) {
    return `The new password needs at least ${PASSWORD_MIN_LENGTH} characters (it has ${next.length}).`
  }
  if (next !== confirm) return 'The two new passwords differ.'
  if (next === current) return 'The new password must differ from the current one.'
  return null
}

export function passwordChangedMessage(sessionsEnded: number): string {
  if (sessionsEnded === 0) return 'Password changed. You had no other sessions to end.'
  const sessions = sessionsEnded === 1 ? '1 other session' : `${sessionsEnded} other sessions`
  return `Password changed. ${sessions} of yours ended: log in there again with the new password.`
}

const BROWSERS: [name: string, pattern: RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome (headless)', /HeadlessChrome\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//],
]
const SYSTEMS: [name: string, pattern: RegExp][] = [
  ['Android', /Android/],
  ['iOS', /iPhone|iPad|iPod/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X|Macintosh/],
  ['ChromeOS', /CrOS/],
  ['Linux', /Linux|X11/],
]

/**
 * A short, readable name for a session's browser ("Firefox 128 on Windows"); anything unrecognised (a script, a
 * command-line client) shows its own first word, and a missing header says so.
 */
export function describeBrowser(userAgent: string | null): string {
  const ua = userAgent?.trim() ?? ''
  if (ua === '') return 'unknown browser'
  const system = SYSTEMS.find(([, pattern]) => pattern.test(ua))?.[0]
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua)
    if (match) return system ? `${name} ${match[1]} on ${system}` : `${name} ${match[1]}`
  }
  const first = ua.split(/\s+/)[0]
  return first.length > 60 ? `${first.slice(0, 59)}…` : first
}
