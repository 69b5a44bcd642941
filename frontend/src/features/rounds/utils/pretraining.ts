import type { Pretraining } from '@/types/api'

/** One sentence on the backbone's pre-training, in the lead's words. */
export function pretrainingSummary(job: Pretraining): string {
  const { step, steps, images } = job.progress
  const on = typeof images === 'number' ? ` on ${images} images` : ''
  switch (job.status) {
    case 'queued':
      return 'Pre-training the Models Genesis backbone: waiting for a worker.'
    case 'running': {
      const where = typeof step === 'number' && typeof steps === 'number' ? `, step ${step} of ${steps}` : ''
      return `Pre-training the Models Genesis backbone${on}${where}; a round started now waits for it.`
    }
    case 'succeeded':
      return `The Models Genesis backbone is ready${on}: the first round starts from it.`
    case 'failed':
      return `Pre-training the backbone failed (${job.error ?? 'unknown error'}); the first round will pre-train it.`
    default:
      return 'Pre-training the backbone was cancelled; the first round will pre-train it.'
  }
}
