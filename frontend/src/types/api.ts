/**
 * The app's names for the Radloop API's types. Every type here is the server's own, from the generated
 * `openapi.gen.ts` (`npm run gen:api`); nothing is re-declared by hand except where the server sends a free-form
 * JSON object (marked below). tests/test_api_types.py fails when the generated file is not current.
 */
import type { components } from './openapi.gen'

type Schemas = components['schemas']

/* Enumerations */

export type Role = Schemas['Role']
export type RoundStatus = Schemas['RoundStatus']
export type JobStatus = Schemas['JobRead']['status']
export type SkipReason = Schemas['SkipReason']
export type Split = Schemas['Split']
export type PatientStatus = Schemas['PatientStatus']
/** A selection strategy's name; `StrategyInfo` (GET /api/strategies) says what each does and needs. */
export type Strategy = Schemas['ProjectRead']['strategy']
/**
 * `flat`: every patient costs `cost_per_patient`; `volume`: that plus `cost_per_slice` per slice of its volume;
 * `reading_time`: that plus `cost_per_hour` × the patient's predicted reading time.
 */
export type CostMode = Schemas['ProjectRead']['cost_mode']
/** `score`: the highest selection scores first; `value_per_cost`: the most score per unit of cost first. */
export type SelectionObjective = Schemas['ProjectRead']['selection_objective']
export type Recommendation = Schemas['Forecast']['recommendation']
/** ISO 4217 code of a project's money; every amount is shown with it (`formatMoney`). */
export type Currency = Schemas['ProjectRead']['currency']
/** Where a patient stands; the project's counts (`ProjectCounts`) count patients by these states. */
export type PatientState = Schemas['PatientState']

/*
 * Free-form JSON on the server (`dict[str, Any]` written by the worker), so the generator can only say
 * `{[key: string]: unknown}`. These hand-written shapes name the keys the worker writes; every key is optional and
 * nothing checks them against the worker.
 */

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

export interface SimulationProgress {
  stage?: string
  percent?: number
  done?: number
  total?: number
  n_labeled?: number
  seed?: number
  epoch?: number
  epochs?: number
}

/* Auth and users */

export type User = Schemas['UserRead']
export type LoginResponse = Schemas['LoginResponse']
export type UserBrief = Schemas['UserBrief']
export type AdminUser = Schemas['UserAdminRead']
export type PasswordChangeInput = Schemas['PasswordChange']
export type PasswordChanged = Schemas['PasswordChanged']
/** One of the caller's live login sessions (GET /api/auth/sessions), newest first. */
export type AuthSession = Schemas['SessionRead']

/* Projects, patients and annotations */

export type Label = Schemas['LabelDef']
export type ProjectCounts = Schemas['ProjectCounts']
export type Project = Omit<Schemas['ProjectRead'], 'active_round'> & { active_round: Round | null }
export type ProjectCreateInput = Schemas['ProjectCreate']
export type PatientSummary = Schemas['PatientSummary']
export type PatientDetail = Schemas['PatientDetail']
export type ImportResult = Schemas['ImportResult']
export type AnnotationCreated = Schemas['AnnotationCreated']
export type ProjectAnnotation = Schemas['ProjectAnnotationRead']
/** One stored mask version of a patient (GET /api/patients/{id}/annotations), oldest first. */
export type PatientAnnotation = Schemas['AnnotationRead']
export type DraftInfo = Schemas['DraftRead']
export type CaseMasks = Schemas['CaseMasks']
export type StartingMask = Schemas['StartingMask']
export type SessionState = Schemas['SessionState']
export type Reservation = Schemas['ReservationRead']
export type SkipRecord = Schemas['SkipRead']
export type QueueItem = Schemas['QueueItem']
export type ProjectMemberInfo = Schemas['MemberRead']
export type LedgerEntry = Schemas['LedgerEntryRead']
export type BurnPoint = Schemas['BurnPoint']
export type Ledger = Schemas['LedgerRead']
export type AuditEvent = Schemas['AuditEventRead']
export type AuditPage = Schemas['AuditPage']

/* Review of masks (a project with `review_required`: a reader's mask is a read until a reviewer accepts it) */

/** Where a read case stands: waiting for its second read, for a reviewer, for its reader (returned), or decided. */
export type ReviewStatus = Schemas['ReviewStatus']
/** Which read cases get a second, independent reader. */
export type DoubleReadRule = Schemas['DoubleReadRule']
/** How a double-read case's reads are combined into the consensus proposed to the reviewer. */
export type ConsensusMethod = Schemas['ConsensusMethod']
/** A case in the reviewer's queue (GET /api/reviews), oldest change first. */
export type ReviewItem = Schemas['ReviewItem']
/** The latest version of one reader's read of a case. */
export type ReadSummary = Schemas['ReadSummary']
/** A case for its reviewer: its reads, every version of the patient's masks, the decisions so far. */
export type ReviewDetail = Schemas['ReviewDetail']
export type ReviewDecision = Schemas['ReviewDecision']
/** Per label, how two masks of a double-read case agree: the two reads, or a read and the accepted mask. */
export type AgreementRow = Schemas['AgreementRead']
/** The consensus of a double-read case's reads, proposed to its reviewer. */
export type ConsensusRead = Schemas['ConsensusRead']
export type ReviewAccepted = Schemas['ReviewAccepted']
/** A case a reviewer sent back to the caller, with what to change (GET /api/queue/returned). */
export type ReturnedCase = Schemas['ReturnedCase']
/** The caller's own read of a case in review, in the case payload (`masks.read`). */
export type ReadMask = Schemas['ReadMask']

/* Rounds and strategies */

/** The worker job behind a round: its attempts, the worker holding it and its last heartbeat. */
export type RoundJob = Schemas['JobRead']
export type Round = Omit<Schemas['RoundRead'], 'progress' | 'metrics'> & {
  progress: RoundProgress
  metrics: RoundMetrics
}
export type RoundScore = Schemas['ScoreRead']
/** The backbone's pre-training, queued when images are imported so the first round need not pre-train. */
export type Pretraining = Omit<Schemas['PretrainingRead'], 'progress'> & {
  progress: RoundProgress & { step?: number; steps?: number; images?: number }
}
/** Why a round chose a case, in words (`summary`), with the score's components as labelled figures. */
export type SelectionReason = Schemas['SelectionReason']
export type StrategyInfo = Schemas['StrategyRead']

/* The lead's dashboard */

export type RoundTimeline = Omit<Schemas['RoundTimeline'], 'progress'> & { progress: RoundProgress }
export type EfficiencyPoint = Schemas['EfficiencyPoint']
export type UncertaintyHistogram = Schemas['Histogram']
export type ReaderThroughput = Schemas['Throughput']
export type ReadingTimeSummary = Schemas['ReadingTimeSummary']
export type ForecastInterval = Schemas['ForecastInterval']
export type ForecastPoint = Schemas['ForecastPoint']
export type ForecastBaseline = Schemas['ForecastBaseline']
/** The inverse power law Dice(n) = a − b·n^(−c) fitted to the rounds, and what it says about the remaining budget. */
export type Forecast = Schemas['Forecast']
export type RandomCurvePoint = Schemas['RandomCurvePoint']
export type RandomCurve = Schemas['SimulationResult']
export type RandomSimulation = Omit<Schemas['SimulationRead'], 'progress'> & { progress: SimulationProgress }
export type ProjectDashboard = Omit<Schemas['Dashboard'], 'rounds' | 'simulation'> & {
  rounds: RoundTimeline[]
  simulation?: RandomSimulation | null
}

/* The admin's health panel */

export type HealthInfo = Schemas['HealthRead']
export type WorkerInfo = Schemas['WorkerRead']
export type JobInfo = Schemas['RunningJobRead']

/* Hospital integration: the project's PACS, identities behind pseudonyms, DICOM SEG results */

/** The project's DICOMweb endpoint; its password or token never comes back (`has_secret` says one is stored). */
export type PacsConnection = Schemas['PacsConnectionRead']
export type PacsConnectionInput = Schemas['PacsConnectionWrite']
export type PacsAuth = Schemas['PacsConnectionRead']['auth']
export type PacsVerifyResult = Schemas['PacsVerifyRead']
/** A study found by QIDO-RS, with the real identifiers the PACS holds (leads and admins only). */
export type PacsStudy = Schemas['PacsStudy']
export type PacsSeries = Schemas['PacsSeries']
export type PacsImportInput = Schemas['PacsImportCreate']
export type PacsImportResult = Schemas['PacsImportResult']
export type PacsImportJob = Omit<Schemas['PacsImportRead'], 'progress'> & { progress: PacsImportProgress }
/** The real PatientID and name behind a pseudonym: each read is audited. */
export type PatientIdentity = Schemas['PatientIdentityRead']
export type SegDelivery = Schemas['SegDeliveryRead']
export type SegmentCoding = Schemas['SegmentCodingRead']
export type SegCodingInput = Schemas['SegCodingUpdate']
export type CodedConcept = Schemas['CodedConceptDef']

/** What the import worker writes as it goes (free-form JSON on the server, see backend/pacs/importer.py). */
export interface PacsImportProgress {
  /** `retrieving` (WADO-RS), `importing` (converting a patient's series), `done`. */
  stage?: string
  done_instances?: number
  total_instances?: number
  done_patients?: number
  total_patients?: number
  /** Requests to the PACS that were tried again after a transient failure. */
  retries?: number
  percent?: number
}
