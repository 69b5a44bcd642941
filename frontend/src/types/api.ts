/**
 * Types of the Radloop HTTP API, written by hand for precise unions (statuses, roles) the server types as strings;
 * tests/test_api_types.py checks every interface's fields against the server's OpenAPI schemas.
 */

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
  | 'review'
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
  model_version_id: string | null
  job: RoundJob | null
}

/** The worker job behind a round: its attempts, the worker holding it and its last heartbeat. */
export interface RoundJob {
  id: string
  status: string
  attempts: number
  max_attempts: number
  worker: string | null
  started_at: string | null
  finished_at: string | null
  heartbeat_at: string | null
  error: string | null
}

/**
 * `flat`: every patient costs `cost_per_patient`; `volume`: that plus `cost_per_slice` per slice of its volume;
 * `reading_time`: that plus `cost_per_hour` × the patient's predicted reading time.
 */
export type CostMode = 'flat' | 'volume' | 'reading_time'

/** `score`: the highest selection scores first; `value_per_cost`: the most score per unit of cost first. */
export type SelectionObjective = 'score' | 'value_per_cost'

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
  cost_mode: CostMode
  cost_per_slice: number
  /** Price of an hour of predicted reading time (`reading_time` pricing). */
  cost_per_hour: number
  budget_total: number
  budget_spent: number
  budget_remaining: number
  strategy: string
  batch_size: number
  /** False: each finished round waits in `review` until the lead approves its selection. */
  auto_publish: boolean
  genesis_enabled: boolean
  selection_objective: SelectionObjective
  /** The validation Dice the lead aims for (the forecast's budget to reach it), or null. */
  target_dice: number | null
  /** Expected Dice gain per 100 currency units below which the forecast recommends stopping, or null. */
  stop_gain_per_100: number | null
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
  /** What annotating this patient costs under the project's formula. */
  cost: number
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

export interface QueueItem {
  /** The round's selection strategy (its components explain the rank). */
  strategy: string
  reserved_by_me: boolean
  /** Predicted reading time in minutes; null until the project has 5 timed human annotations. */
  predicted_minutes: number | null
  reserved_until: string | null
}

export interface Reservation {
  patient_id: string
  username: string
  expires_at: string
}

export type SkipReason = 'poor_quality' | 'out_of_scope' | 'other'

export interface SkipRecord {
  id: string
  patient_id: string
  external_id: string
  reason: SkipReason
  note: string
  skipped_by: string | null
  round_id: string | null
  created_at: string
  resolved_at: string | null
}

export interface DraftInfo {
  patient_id: string
  sha256: string
  size_bytes: number
  time_spent_s: number | null
  updated_at: string
}

export interface ProjectAnnotation {
  id: string
  patient_id: string
  external_id: string
  version: number
  author: string | null
  source: string
  created_at: string
  time_spent_s: number | null
  sha256: string
}

/** One stored mask version of a patient (GET /api/patients/{id}/annotations), oldest first. */
export interface PatientAnnotation {
  id: string
  version: number
  author: string | null
  /** 'human', 'import' or 'correction' (a lead's audited ground-truth correction). */
  source: string
  created_at: string
  time_spent_s: number | null
  sha256: string
}

/* Issue 6: project lead and admin */

export interface ProjectCreateInput {
  name: string
  modality: string
  labels: Label[]
  cost_per_patient: number
  cost_mode?: CostMode
  cost_per_slice?: number
  cost_per_hour?: number
  budget_total?: number | null
  budget_cases?: number | null
  strategy?: string
  batch_size?: number
  auto_publish?: boolean
}

export interface LedgerEntry {
  id: string
  created_at: string
  kind: 'annotation' | 'budget_change' | string
  amount: number
  reason: string
  user: string | null
  patient: string | null
  total_after: number
  spent_after: number
  remaining_after: number
}

export interface BurnPoint {
  at: string
  total: number
  spent: number
  remaining: number
}

export interface Ledger {
  budget_total: number
  budget_spent: number
  budget_remaining: number
  credits: number
  debits: number
  balanced: boolean
  entries: LedgerEntry[]
  burn_down: BurnPoint[]
}

export interface ProjectMemberInfo {
  user_id: string
  username: string
  role: Role
  quota: number | null
  annotated: number
}

export interface UserBrief {
  id: string
  username: string
  role: Role
}

export interface AdminUser {
  id: string
  username: string
  role: Role
  is_active: boolean
  created_at: string
}

export interface AuditEvent {
  id: string
  created_at: string
  user: string | null
  action: string
  target_type: string
  target_id: string | null
  details: Record<string, unknown>
}

export interface AuditPage {
  total: number
  events: AuditEvent[]
  actions: string[]
}

export interface RoundTimeline {
  id: string
  number: number
  status: RoundStatus
  strategy: string
  batch_size: number
  created_at: string
  started_at: string | null
  finished_at: string | null
  duration_s: number | null
  progress: RoundProgress
  val_dice: number | null
  val_dice_per_label: Record<string, number>
  n_train: number | null
  n_selected: number | null
  error: string | null
}

export interface EfficiencyPoint {
  round: number
  patients_annotated: number
  val_dice: number
}

export interface UncertaintyHistogram {
  round: number
  edges: number[]
  counts: number[]
  n: number
}

export interface ReaderThroughput {
  username: string
  cases: number
  timed_cases: number
  hours: number
  cases_per_hour: number | null
  median_seconds: number | null
}

export interface ProjectDashboard {
  project_id: string
  project_name: string
  labels: Label[]
  running: boolean
  generated_at: string
  rounds: RoundTimeline[]
  efficiency: EfficiencyPoint[]
  uncertainty: UncertaintyHistogram[]
  throughput: ReaderThroughput[]
  /** The latest simulated random-selection job (progress while it runs). */
  simulation: RandomSimulation | null
  /** The newest simulated random curve with at least one point. */
  random_curve: RandomCurve | null
  /** The reading-time model fitted on the project's timed annotations; null before any is timed. */
  reading_time: ReadingTimeSummary | null
  /** The learning-curve forecast and the continue/stop recommendation. */
  forecast: Forecast | null
}

export interface ReadingTimeSummary {
  /** Timed cases the model was fitted on. */
  cases: number
  /** Held-out (k-fold) mean absolute error in minutes; null with too few cases to hold any out. */
  mae_minutes: number | null
  median_minutes: number
  features: string[]
}

/** A mean with its uncertainty interval (Dice, or money for the budget to reach the target). */
export interface ForecastInterval {
  mean: number
  low: number
  high: number
}

/** One point of a fitted learning curve: expected validation Dice after `patients` annotated patients. */
export interface ForecastPoint {
  patients: number
  dice: number
  low: number
  high: number
}

export interface ForecastBaseline {
  curve: ForecastPoint[]
  expected_dice_if_spent: ForecastInterval
}

export type Recommendation = 'continue' | 'stop' | 'insufficient_data'

/** The inverse power law Dice(n) = a − b·n^(−c) fitted to the rounds, and what it says about the remaining budget. */
export interface Forecast {
  basis: 'rounds'
  /** Rounds with validation Dice the fit used. */
  points: number
  /** Empty until enough rounds (recommendation `insufficient_data`). */
  curve: ForecastPoint[]
  patients_now: number
  spent_now: number
  remaining_budget: number
  mean_cost_per_patient: number
  patients_if_spent: number
  expected_dice_if_spent: ForecastInterval
  target_dice: number | null
  /** Null without a target, or when the curve's plateau is below it (then `target_unreachable`). */
  budget_to_target: ForecastInterval | null
  target_unreachable: boolean
  /** Expected Dice gain per 100 currency units at the current spend. */
  gain_per_100: number
  stop_gain_per_100: number | null
  recommendation: Recommendation
  reason: string
  /** The same forecast fitted to the simulated random-selection curve, when there is one. */
  random_baseline: ForecastBaseline | null
}

/** Validation Dice of models trained on `n_labeled` randomly chosen ground-truth patients, one per seed. */
export interface RandomCurvePoint {
  n_labeled: number
  dice_mean: number | null
  dice_sd: number | null
  dice: (number | null)[]
}

export interface RandomCurve {
  points: RandomCurvePoint[]
  seeds: number
  ground_truth: number
  skipped: number[]
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface RandomSimulation {
  id: string
  status: JobStatus
  progress: {
    stage?: string
    percent?: number
    done?: number
    total?: number
    n_labeled?: number
    seed?: number
    epoch?: number
    epochs?: number
  }
  seeds: number
  sizes: number[]
  created_at: string
  started_at: string | null
  finished_at: string | null
  error: string | null
  result: RandomCurve | null
}

/* Issue 6: the lead approves a round's selection */

export interface RoundScore {
  patient_id: string
  external_id: string
  rank: number
  score: number
  components: Record<string, number>
  selected: boolean
  /** What annotating the patient costs now. */
  cost: number
  /** Predicted reading time in minutes; null until the project has 5 timed human annotations. */
  predicted_minutes: number | null
}

/* Issue 11: your own account */

export interface PasswordChangeInput {
  current_password: string
  new_password: string
}

export interface PasswordChanged {
  /** How many of your other sessions the change ended. */
  sessions_ended: number
}

/** One of the caller's live login sessions (GET /api/auth/sessions), newest first. */
export interface AuthSession {
  id: string
  created_at: string
  expires_at: string
  last_seen_at: string
  user_agent: string | null
  client_address: string | null
  /** The session this request came with. */
  current: boolean
}
