/** Types of the Radloop HTTP API (see contract.md); replace with the generated client once the OpenAPI is stable. */

export type Role = 'admin' | 'lead' | 'radiologist'

export interface User {
  id: string
  username: string
  role: Role
  is_active: boolean
}

export interface LoginResponse {
  access_token: string
  token_type: 'bearer'
  expires_at: string
  user: User
}

export interface Label {
  value: number
  name: string
  color: string
}

export type RoundStatus =
  | 'created'
  | 'pretraining'
  | 'training'
  | 'scoring'
  | 'selecting'
  | 'ready'
  | 'annotating'
  | 'closed'
  | 'failed'
  | 'cancelled'

export interface RoundProgress {
  stage?: string
  percent?: number
  epoch?: number
  epochs?: number
  loss?: number
}

export interface RoundMetrics {
  val_dice?: number
  val_dice_per_label?: Record<string, number>
  n_train?: number
  n_scored?: number
  n_selected?: number
}

export interface Round {
  id: string
  project_id: string
  number: number
  status: RoundStatus
  strategy: string
  batch_size: number
  created_at: string
  started_at: string | null
  finished_at: string | null
  progress: RoundProgress
  metrics: RoundMetrics
  error: string | null
}

export interface ProjectCounts {
  patients: number
  annotated: number
  unlabeled: number
  validation: number
  queued: number
}

export interface Project {
  id: string
  name: string
  modality: string
  labels: Label[]
  cost_per_patient: number
  budget_total: number
  budget_spent: number
  budget_remaining: number
  strategy: string
  batch_size: number
  counts: ProjectCounts
  active_round: Round | null
}

export interface PatientSummary {
  id: string
  external_id: string
  split: 'pool' | 'validation'
  status: 'unlabeled' | 'annotated'
  annotation_version: number | null
  shape: number[]
}

export interface PatientDetail {
  id: string
  external_id: string
  project_id: string
  split: 'pool' | 'validation'
  status: 'unlabeled' | 'annotated'
  shape: number[]
  spacing: number[]
  modality: string
  has_prediction: boolean
  has_uncertainty: boolean
  annotation_version: number | null
  labels: Label[]
}

export interface QueueItem {
  patient_id: string
  external_id: string
  project_id: string
  project_name: string
  round_id: string
  round_number: number
  rank: number
  score: number
  components: Record<string, number>
  cost: number
}

export interface AnnotationCreated {
  id: string
  version: number
  sha256: string
  budget_remaining: number
}
