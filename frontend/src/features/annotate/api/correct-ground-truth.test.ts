import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/lib/api-client'
import { buildCorrectionForm, correctGroundTruth } from './correct-ground-truth'

describe('buildCorrectionForm', () => {
  const mask = new Uint8Array([1, 2, 3])

  it('sends the mask, the trimmed reason and the accepted version the drawing started from', () => {
    const form = buildCorrectionForm({ mask, reason: '  hippocampus tail missed\n', baseVersion: 3 })
    expect(form.get('reason')).toBe('hippocampus tail missed')
    expect(form.get('base_version')).toBe('3')
    expect(form.get('mask')).toBeInstanceOf(Blob)
    expect(form.has('time_spent_s')).toBe(false)
  })

  it('omits base_version when the patient had no ground truth', () => {
    expect(buildCorrectionForm({ mask, reason: 'first label', baseVersion: null }).has('base_version')).toBe(false)
  })
})

describe('correctGroundTruth', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('posts to the ground-truth route and surfaces the server detail of a 409', async () => {
    const detail = 'Patient p1 was annotated meanwhile (version 4 by lead)'
    const fetchMock = vi.fn((_request: Request) =>
      Promise.resolve(
        new Response(JSON.stringify({ error: 'Conflict', detail }), {
          status: 409,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    )
    vi.stubGlobal('fetch', fetchMock)
    const error = await correctGroundTruth('p/1', { mask: new Uint8Array([0]), reason: 'r', baseVersion: 3 }).catch(
      (e: unknown) => e,
    )
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [request] = fetchMock.mock.calls[0]
    expect(new URL(request.url).pathname).toBe('/api/patients/p%2F1/ground-truth')
    expect(request.method).toBe('POST')
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).message).toBe(detail)
  })
})
