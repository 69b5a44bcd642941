import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, toFormData, unwrap } from '@/lib/api-client'
import type { components } from '@/types/openapi.gen'

type AcceptBody = components['schemas']['Body_accept_review_api_patients__patient_id__review_accept_post']

/**
 * A reviewer's acceptance: the read on screen as it is (`annotationId`), or their edit of it (`mask`, an uncompressed
 * NIfTI on the image grid, stored as a new "review" version). Exactly one of the two.
 */
export type AcceptInput = ({ annotationId: string; mask?: never } | { mask: Uint8Array; annotationId?: never }) & {
  /** The reviewer's active seconds on the case (never charged; summed on the case). */
  reviewTimeS: number
  comment: string
}

export interface ReturnInput {
  /** What the reader should change: shown to them over their read. */
  comment: string
  reviewTimeS: number
  /** Which reader gets it back (a double-read case's second reader); null: the server's default, the first. */
  readerId?: string | null
}

const seconds = (value: number) => Number(value.toFixed(1))

export function acceptBody(input: AcceptInput): AcceptBody {
  const comment = input.comment.trim()
  return {
    ...(input.mask
      ? { mask: new File([input.mask as BlobPart], 'mask.nii', { type: 'application/octet-stream' }) }
      : { annotation_id: input.annotationId }),
    review_time_s: seconds(input.reviewTimeS),
    comment: comment === '' ? null : comment,
  }
}

export function buildAcceptForm(input: AcceptInput): FormData {
  return toFormData(acceptBody(input))
}

const forPatient = (patientId: string) => ({ params: { path: { patient_id: patientId } } })

export const acceptReview = (patientId: string, input: AcceptInput) =>
  unwrap(
    client.POST('/api/patients/{patient_id}/review/accept', {
      ...forPatient(patientId),
      body: acceptBody(input),
      // Every field of this form is optional in the schema, so the client types the body as possibly absent.
      bodySerializer: (body) => toFormData(body ?? {}),
    }),
  )

export const returnReview = (patientId: string, input: ReturnInput) =>
  unwrap(
    client.POST('/api/patients/{patient_id}/review/return', {
      ...forPatient(patientId),
      body: {
        comment: input.comment.trim(),
        review_time_s: seconds(input.reviewTimeS),
        ...(input.readerId ? { reader_id: input.readerId } : {}),
      },
    }),
  )

/** Either decision changes the review lists, the patient (state, accepted version) and the project's counts. */
function useDecision<Input, Result>(patientId: string, decide: (patientId: string, input: Input) => Promise<Result>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Input) => decide(patientId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['reviews'] })
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] })
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
    },
  })
}

export const useAcceptReview = (patientId: string) => useDecision(patientId, acceptReview)
export const useReturnReview = (patientId: string) => useDecision(patientId, returnReview)
