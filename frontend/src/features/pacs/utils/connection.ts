/** The PACS connection form: what the lead typed, and the PUT body that stores it. */
import type { PacsAuth, PacsConnection, PacsConnectionInput } from '@/types/api'

/**
 * What happens to the stored password or token on save. It is write-only, so it is kept unless the lead types a
 * new one; choosing "None" as authentication deletes it (the server forgets the secret of `auth: none`).
 */
export type SecretAction = 'keep' | 'replace'

export interface ConnectionFields {
  baseUrl: string
  auth: PacsAuth
  username: string
  secret: string
  secretAction: SecretAction
  sendOnAccept: boolean
}

export const AUTH_CHOICES: readonly { value: PacsAuth; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic (username and password)' },
  { value: 'bearer', label: 'Bearer token' },
]

export function initialFields(saved: PacsConnection | null): ConnectionFields {
  return {
    baseUrl: saved?.base_url ?? '',
    auth: saved?.auth ?? 'none',
    username: saved?.username ?? '',
    secret: '',
    secretAction: saved?.has_secret ? 'keep' : 'replace',
    sendOnAccept: saved?.send_on_accept ?? false,
  }
}

/** Whether the stored secret survives this save: it does while the kind of authentication stays the same. */
export function keepsStoredSecret(fields: ConnectionFields, saved: PacsConnection | null): boolean {
  return Boolean(saved?.has_secret) && saved?.auth === fields.auth && fields.secretAction === 'keep'
}

/** Why the form cannot be saved as it stands, or null (the server checks again and its word is final). */
export function connectionProblem(fields: ConnectionFields, saved: PacsConnection | null): string | null {
  const url = fields.baseUrl.trim()
  if (url === '') return 'Enter the DICOMweb base URL (e.g. https://pacs.example.org/dicom-web)'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'The base URL is not a URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'The base URL must start with http:// or https://'
  if (parsed.username || parsed.password) return 'Put the username and password in their own fields, not in the URL'
  if (parsed.search || parsed.hash) return 'The base URL is the DICOMweb root: no ?query or #fragment'
  if (fields.auth === 'basic' && fields.username.trim() === '') return 'Basic authentication needs a username'
  if (fields.auth !== 'none' && !keepsStoredSecret(fields, saved) && fields.secret === '') {
    return fields.auth === 'basic' ? 'Enter the password' : 'Enter the token'
  }
  return null
}

/**
 * The PUT body. The secret is sent only when typed: leaving it out keeps what the server stores (which the page
 * never sees). `auth: none` takes neither a username nor a secret and makes the server forget the stored one.
 */
export function connectionBody(fields: ConnectionFields, saved: PacsConnection | null): PacsConnectionInput {
  const body: PacsConnectionInput = {
    base_url: fields.baseUrl.trim(),
    auth: fields.auth,
    send_on_accept: fields.sendOnAccept,
  }
  if (fields.auth === 'basic') body.username = fields.username.trim()
  if (fields.auth !== 'none' && !keepsStoredSecret(fields, saved)) body.secret = fields.secret
  return body
}

export function secretLabel(auth: PacsAuth): string {
  return auth === 'bearer' ? 'Token' : 'Password'
}
