import { describe, expect, it } from 'vitest'
import type { PacsConnection } from '@/types/api'
import { type ConnectionFields, connectionBody, connectionProblem, initialFields } from './connection'

const fields: ConnectionFields = {
  baseUrl: ' http://127.0.0.1:8042/dicom-web ',
  auth: 'none',
  username: '',
  secret: '',
  secretAction: 'replace',
  sendOnAccept: true,
}
const stored: PacsConnection = {
  base_url: 'https://pacs.example.org/dicom-web',
  auth: 'basic',
  username: 'alice',
  has_secret: true,
  send_on_accept: false,
}

describe('initialFields', () => {
  it('starts from what is stored, keeping the stored secret, or from an empty form', () => {
    expect(initialFields(stored)).toEqual({
      baseUrl: stored.base_url,
      auth: 'basic',
      username: 'alice',
      secret: '',
      secretAction: 'keep',
      sendOnAccept: false,
    })
    expect(initialFields(null)).toMatchObject({ baseUrl: '', auth: 'none', secretAction: 'replace' })
  })
})

describe('connectionProblem', () => {
  it('accepts an http(s) URL without authentication', () => {
    expect(connectionProblem(fields, null)).toBeNull()
  })

  it('refuses a missing, non-http or decorated URL', () => {
    expect(connectionProblem({ ...fields, baseUrl: '' }, null)).toMatch(/base URL/)
    expect(connectionProblem({ ...fields, baseUrl: 'pacs.local' }, null)).toMatch(/not a URL/)
    expect(connectionProblem({ ...fields, baseUrl: 'ftp://pacs.local' }, null)).toMatch(/http/)
    expect(connectionProblem({ ...fields, baseUrl: 'https://u:p@pacs.local/dw' }, null)).toMatch(/own fields/)
    expect(connectionProblem({ ...fields, baseUrl: 'https://pacs.local/dw?x=1' }, null)).toMatch(/query/)
  })

  it('asks for a username, and for a secret unless the stored one is kept under the same authentication', () => {
    const basic = initialFields(stored)
    expect(connectionProblem({ ...basic, username: ' ' }, stored)).toMatch(/username/)
    expect(connectionProblem(basic, stored)).toBeNull()
    expect(connectionProblem({ ...basic, secretAction: 'replace' }, stored)).toMatch(/password/)
    expect(connectionProblem({ ...basic, auth: 'bearer' }, stored)).toMatch(/token/)
    expect(connectionProblem({ ...basic, auth: 'bearer', secret: 't' }, stored)).toBeNull()
    expect(connectionProblem({ ...fields, auth: 'basic', username: 'u' }, null)).toMatch(/password/)
  })
})

describe('connectionBody', () => {
  it('leaves the secret out to keep the stored one', () => {
    const body = connectionBody({ ...initialFields(stored), username: ' bob ' }, stored)
    expect(body).toEqual({ base_url: stored.base_url, auth: 'basic', username: 'bob', send_on_accept: false })
  })

  it('sends a typed secret as is, no username for a token, and neither without authentication', () => {
    expect(connectionBody({ ...fields, auth: 'bearer', username: 'x', secret: ' t0k ' }, null)).toEqual({
      base_url: 'http://127.0.0.1:8042/dicom-web',
      auth: 'bearer',
      secret: ' t0k ',
      send_on_accept: true,
    })
    expect(connectionBody({ ...initialFields(stored), auth: 'none' }, stored)).toEqual({
      base_url: stored.base_url,
      auth: 'none',
      send_on_accept: false,
    })
  })
})
