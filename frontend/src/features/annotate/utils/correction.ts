/** The server's limit on a correction's reason (backend/annotation/routes.py). */
export const REASON_MAX_LENGTH = 1000

/** C0 and C1 control characters, except tab, line feed and carriage return. */
const isRefusedControl = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)

/**
 * Why a correction's reason would be refused, or null when it is fine. The same rule as the server's (required,
 * at most 1000 characters, no control characters but tabs and line breaks), said before the upload instead of after.
 */
export function reasonProblem(reason: string): string | null {
  const trimmed = reason.trim()
  if (trimmed === '') return 'Say why the ground truth is corrected.'
  if (trimmed.length > REASON_MAX_LENGTH) {
    return `The reason is ${trimmed.length} characters long; at most ${REASON_MAX_LENGTH} are kept.`
  }
  if (Array.from(trimmed).some((char) => isRefusedControl(char.codePointAt(0) ?? 0))) {
    return 'The reason contains a control character; only text, tabs and line breaks are kept.'
  }
  return null
}
