/**
 * The typed protocol between the host's job manager (main/host/jobs/manager.ts) and a worker
 * process: one job per process, messages over the IPC channel of fork() or utilityProcess
 * (structured clone, so Maps, typed arrays and Dates survive). Pure types plus tiny guards,
 * imported by both sides.
 *
 * In (ToWorker):
 *   start    { jobId, job: { kind, spec } }  once, first; `spec` is JobTypes[kind]['spec']
 *   cancel   {}                              stop cooperatively; the host kills after a grace period
 *   control  { command: StreamControl }      a live change to a running stream
 * Out (FromWorker):
 *   progress   { progress: Progress }                    throttled to progressIntervalMs
 *   log        { level: info|warn|error, message }       shown to the user (job:log, JobInfo.logs, CLI stderr)
 *   data       { data: WorkerData }                      live data of long-lived jobs (stream frames, status)
 *   result     { result }                                last; JobTypes[kind]['result']
 *   failed     { error: ErrorData }                      last
 *   cancelled  {}                                        last
 *
 * Job kinds are declared once, in preload/contract/jobs.ts (`jobKinds`, with what the host and the
 * renderer need to know of each kind). `JobTypes` below gives each kind its spec and result, and
 * native-workers/job-handlers.ts its handler; both are typed over exactly those kinds, so a kind
 * missing from, or unknown to, either is a type error (see protocol.test.ts).
 */
import type { ErrorData } from '../preload/contract/errors';
import type { JobKind, JobLogLevel } from '../preload/contract/jobs';
import type { BackendInfo, ImportResult, ImportSpec, DatasetProfile, Progress } from '../preload/contract/types';
import type { FoldSummary, ParamValue, TrainRunSummary } from '../preload/contract/train';
import type { ExportResult } from '../preload/contract/export';
import type { ExportedData } from '../preload/contract/dataset-export';
import type { ValidateResult } from '../preload/contract/rules';
import type { Recipe, RecipeOutcome, RecipePreview } from '../preload/contract/recipe';
import type { PrivacyColumnAction, PrivacyKeyInfo, PrivacyResult } from '../preload/contract/governance';
import type { ModelVersion } from '../preload/contract/registry';
import type { ConnectionConfig, DbImportSpec, HttpSourceSpec, SourceImportResult } from '../preload/contract/sources';
import type { ModelDocument } from './ml/tabular/predictor';
import type { RecsRunSummary, ResolvedRecsTrainSpec } from '../preload/contract/recs';
import type { ImageExportResult, ImageImportSpec, ImagePrediction, ImageSetSummary, ImageTrainEstimate, ResolvedImageTrainSpec } from '../preload/contract/images';
import type { DetectResult, FieldSpec, LiveFrame, PipelineSpec, RecordSummary, StreamConfig, StreamProtocol, StreamSource, StreamStatus } from '../preload/contract/sensors';

export interface ImportJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly filePath: string;
  readonly fileName: string;
  readonly import: ImportSpec;
  /** For lineage (the worker cannot see the host's package.json from every launch). */
  readonly appVersion?: string;
  /** The pseudonymisation key for `import.privacy` (only in this message, never stored) and where it is. */
  readonly privacyKeyBase64?: string;
  readonly privacyKey?: PrivacyKeyInfo;
}

/** Re-applies a dataset's saved rules to its rows, or to its quarantine (promoting what passes). */
export interface ValidateJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly target: 'dataset' | 'quarantine';
  readonly promote: boolean;
}

export interface ProfileJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
}

/** A ready dataset written to `file` (CSV, Parquet or Arrow by its extension), read-only on the project. */
export interface DatasetExportJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly file: string;
}

/** Exercises the job machinery itself (used by `assay doctor` and the tests). */
export interface SelftestJobSpec {
  /** 'log' counts like 'count' and logs one line of each level half way. */
  readonly behaviour: 'count' | 'crash' | 'ignore-cancel' | 'fail' | 'log';
  readonly steps: number;
  readonly stepMs: number;
  /** Tests only: declares the job a TensorFlow.js (so, on a GPU backend, a GPU) job, to test GPU scheduling without a GPU. */
  readonly tensorflow?: boolean;
}

/** A running stream: protocol and fields are resolved (detected) before the job starts. */
export interface StreamJobSpec {
  readonly projectPath: string;
  readonly streamId: number;
  /**
   * Protocol and fields may be absent: the worker then detects them from the first messages and
   * stores those messages too (a separate detect job would lose what it listened to).
   */
  readonly config: StreamConfig & { readonly pipeline: PipelineSpec };
  /** Start recording at once (assay record), with this recording row. */
  readonly recording: { readonly id: number; readonly label: string } | null;
  /** Stop by itself after this many seconds (assay record --duration). */
  readonly durationSeconds?: number;
  /** false: nobody draws this stream (assay record), so no live-plot frames are built or sent. */
  readonly frames?: boolean;
}

export interface DetectJobSpec {
  readonly source: StreamSource;
  readonly seconds: number;
}

/** Training jobs read their spec and plan from the run's rows in the project. */
export interface TrainJobSpec {
  readonly projectPath: string;
  readonly runId: number;
  /** Set by the host when the run's learner is the MLP: the job runs on the TensorFlow.js backend (maybe a GPU). */
  readonly tensorflow?: boolean;
  /** Set by the host when gradient boosting asked for a WebGPU device (its `device` parameter). */
  readonly gpuDevice?: 'gpu' | 'auto';
  /**
   * Set on a cluster node: the run's feature and target columns as an Arrow IPC file the host wrote once
   * for the run (cluster/frame-file.ts), read instead of the dataset's rows in the project.
   */
  readonly columnsPath?: string;
}

export interface TrainFoldJobSpec extends TrainJobSpec {
  readonly fold: number;
  /**
   * The parameters a search's trials chose for this fold, when they ran as jobs of their own (a cluster
   * executor's fan-out); the fold then fits with them instead of searching itself.
   */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

/** One search trial: one candidate scored by the inner folds of one outer fold's training rows. */
export interface TrainTrialJobSpec extends TrainJobSpec {
  readonly fold: number;
  /** Index into the fold's candidate list (`foldCandidates`). */
  readonly candidate: number;
}

/**
 * Batch scoring, one shard: rows [start, end) of a dataset (in its row order) scored by a registered tabular
 * model, as `/predict` scores a request's rows. A dataset fans out as shards, each a job (a cluster's too).
 */
export interface ScoreRowsJobSpec {
  readonly projectPath: string;
  /** NAME, NAME@VERSION or NAME@STAGE, resolved in the project the job reads. */
  readonly model: string;
  readonly datasetId: number;
  readonly start: number;
  readonly end: number;
}

export interface ScoreRowsResult {
  readonly start: number;
  readonly end: number;
  /** The model's raw outputs, row after row: `width` probabilities (one per class) or one value each; null for a failed row. */
  readonly outputs: readonly (number | null)[];
  readonly width: number;
  /** Rows the model could not score (a value it cannot read): 0-based in the dataset, with why. */
  readonly failed: readonly { readonly row: number; readonly error: string }[];
}

export interface TrialResult {
  readonly fold: number;
  readonly candidate: number;
  /** The mean main metric over the inner folds; null when none could be scored. */
  readonly value: number | null;
  readonly seconds: number;
}

/**
 * An export: the host resolves the version and picks the golden rows (it owns
 * the project); the worker writes the bundle, runs the parity gate and uploads.
 */
export interface TabularExportJobSpec {
  readonly to: string;
  readonly version: ModelVersion;
  readonly doc: ModelDocument;
  /** Input rows for golden.json (raw records as a request sends them). */
  readonly goldenRows: readonly Readonly<Record<string, unknown>>[];
  /** The built bundle server (dist/export/bundle-server.js). */
  readonly serverJs: string;
}

/** A recommender version: the job reads its stored model from the project (megabytes of factors do not travel in a start message). */
export interface RecsExportJobSpec {
  readonly to: string;
  readonly version: ModelVersion;
  readonly recs: { readonly projectPath: string; readonly runId: number };
  readonly serverJs: string;
}

export type ExportJobSpec = TabularExportJobSpec | RecsExportJobSpec;

/** A recipe previewed on a dataset (an in-memory copy) or on the import wizard's first rows. */
export interface RecipePreviewJobSpec {
  readonly recipe: Recipe;
  readonly source:
    | { readonly kind: 'dataset'; readonly projectPath: string; readonly datasetId: number }
    | { readonly kind: 'rows'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

export interface RecipeApplyJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly recipe: Recipe;
}

/**
 * Pseudonymise / mask / drop columns of a dataset. The key travels only in this message
 * (never in a run row, a log or the project); null when no column is pseudonymised.
 */
export interface PrivacyJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly actions: readonly PrivacyColumnAction[];
  readonly keyBase64: string | null;
  readonly key: PrivacyKeyInfo | null;
  readonly appVersion: string;
}

/**
 * A database import or refresh. `password` is resolved by the host from the
 * connection's SecretRef and travels over IPC only: it is never stored (the
 * run row and source_state keep `spec`, which has none).
 */
export interface DbImportJobSpec {
  readonly projectPath: string;
  /** The dataset being written: a new one, or a refresh's staging dataset. */
  readonly datasetId: number;
  /** A refresh folds into this dataset at the end; null for a first import. */
  readonly targetDatasetId: number | null;
  readonly connection: ConnectionConfig;
  readonly password: string | null;
  readonly spec: DbImportSpec;
  /** Rows past this watermark only (a refresh); null = everything. */
  readonly after: string | number | null;
  readonly rowEstimate: number | null;
  /** The pseudonymisation key for `spec.privacy` (only in this message, never stored). */
  readonly privacyKeyBase64?: string;
}

/** An HTTP JSON API pull (first, resumed or refreshed). Secrets travel over IPC only, as for databases. */
export interface HttpImportJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly spec: HttpSourceSpec;
  /** The resolved secret of `spec.auth` (API key, token, password, client secret). */
  readonly secret: string | null;
  /** Continue a failed pull from here (rows already in the dataset). */
  readonly resume: { readonly next: string | null; readonly rows: number; readonly pages: number } | null;
  readonly privacyKeyBase64?: string;
}

export interface ImageImportJobSpec {
  readonly projectPath: string;
  readonly setId: number;
  readonly import: ImageImportSpec;
  /** `assay serve --root`: images a CSV lists outside these folders are left out; absent, anywhere. */
  readonly roots?: readonly string[];
}

/** Image training reads its resolved spec from the run's rows. */
export interface ImageTrainJobSpec {
  readonly projectPath: string;
  readonly runId: number;
}

export interface ImageEstimateJobSpec {
  readonly projectPath: string;
  readonly setId: number;
  readonly spec: ResolvedImageTrainSpec;
}

/**
 * Embedding extraction, one shard: the backbone's features of images [start, end) of a set's usable images (in id
 * order), cached in the project as a training run caches them. A set fans out as shards, each a job.
 */
export interface ImageEmbedJobSpec {
  readonly projectPath: string;
  readonly setId: number;
  readonly backbone: ResolvedImageTrainSpec['backbone'];
  readonly inputSize: number;
  readonly start: number;
  readonly end: number;
}

export interface ImageEmbedResult {
  /** The backbone's id, the cache's key with each image's sha256. */
  readonly backboneId: string;
  readonly start: number;
  readonly end: number;
  /** Images whose vector was cached already, and those embedded now. */
  readonly cached: number;
  readonly computed: number;
  readonly seconds: number;
}

export interface ImagePredictJobSpec {
  readonly projectPath: string;
  readonly runId: number;
  /** The phase whose model predicts; default the last one trained. */
  readonly phase?: 1 | 2;
  readonly paths: readonly string[];
}

export interface ImageExportJobSpec {
  readonly projectPath: string;
  readonly runId: number;
  readonly phase?: 1 | 2;
  readonly folder: string;
}

/** A recommender training run (#17): the spec is resolved by the host and kept in the run row. */
/** Check now (#16): a model's alert rules evaluated, drift over its log windows included, off the host's event loop. */
export interface MonitorCheckJobSpec {
  readonly projectPath: string;
  /** The model's name (its rules cover every version). */
  readonly model: string;
}

export interface RecsTrainJobSpec {
  readonly projectPath: string;
  readonly runId: number;
  readonly spec: ResolvedRecsTrainSpec;
}

/** Live changes to a running stream. */
export type StreamControl =
  | { readonly kind: 'recording-start'; readonly recordingId: number; readonly label: string }
  | { readonly kind: 'recording-stop' }
  | { readonly kind: 'pipeline'; readonly pipeline: PipelineSpec };

/** Out-of-band data of long-lived jobs (streams): not progress, not a result. */
export type WorkerData =
  | { readonly kind: 'frame'; readonly frame: LiveFrame }
  | { readonly kind: 'status'; readonly status: StreamStatus }
  /** The source is open (port opened, topic subscribed, file found) while the stream still detects its format. */
  | { readonly kind: 'opened' }
  /** The stream detected its protocol and fields from its first messages. */
  | { readonly kind: 'detected'; readonly protocol: StreamProtocol; readonly fields: readonly FieldSpec[] };

/** The shape every row of `JobTypes` has: what the host sends to start the job, what the worker answers. */
export interface JobTypeDeclaration {
  readonly spec: object;
  readonly result: unknown;
}

/**
 * `T` when its keys are exactly `K`: a key of `K` missing from `T`, or a key of `T` not in `K`,
 * is a type error. Ties a per-kind declaration to the kinds the contract declares.
 */
export type DeclaredFor<
  K extends PropertyKey,
  V,
  T extends { readonly [P in K]: V } & { readonly [P in Exclude<keyof T, K>]: never },
> = T;

/** Start spec and result of every job kind (kinds are declared in preload/contract/jobs.ts). */
export type JobTypes = DeclaredFor<
  JobKind,
  JobTypeDeclaration,
  {
    readonly import: { readonly spec: ImportJobSpec; readonly result: ImportResult };
    readonly profile: { readonly spec: ProfileJobSpec; readonly result: DatasetProfile };
    readonly 'probe-backend': { readonly spec: Record<string, never>; readonly result: BackendInfo };
    readonly selftest: { readonly spec: SelftestJobSpec; readonly result: { readonly steps: number } };
    readonly stream: { readonly spec: StreamJobSpec; readonly result: RecordSummary };
    readonly 'stream-detect': { readonly spec: DetectJobSpec; readonly result: DetectResult };
    readonly 'train-plan': { readonly spec: TrainJobSpec; readonly result: TrainRunSummary };
    readonly 'train-fold': { readonly spec: TrainFoldJobSpec; readonly result: FoldSummary };
    readonly 'train-trial': { readonly spec: TrainTrialJobSpec; readonly result: TrialResult };
    readonly 'train-refit': { readonly spec: TrainJobSpec; readonly result: FoldSummary };
    readonly 'train-final': { readonly spec: TrainJobSpec; readonly result: TrainRunSummary };
    readonly export: { readonly spec: ExportJobSpec; readonly result: ExportResult };
    readonly validate: { readonly spec: ValidateJobSpec; readonly result: ValidateResult };
    readonly 'recipe-preview': { readonly spec: RecipePreviewJobSpec; readonly result: RecipePreview };
    readonly 'recipe-apply': { readonly spec: RecipeApplyJobSpec; readonly result: RecipeOutcome };
    readonly privacy: { readonly spec: PrivacyJobSpec; readonly result: PrivacyResult };
    readonly 'db-import': { readonly spec: DbImportJobSpec; readonly result: SourceImportResult };
    readonly 'http-import': { readonly spec: HttpImportJobSpec; readonly result: SourceImportResult };
    readonly 'images-import': { readonly spec: ImageImportJobSpec; readonly result: ImageSetSummary };
    readonly 'images-estimate': { readonly spec: ImageEstimateJobSpec; readonly result: ImageTrainEstimate };
    /** The phases trained; the summary itself is in the run's rows. */
    readonly 'images-train': { readonly spec: ImageTrainJobSpec; readonly result: { readonly phases: number } };
    readonly 'images-embed': { readonly spec: ImageEmbedJobSpec; readonly result: ImageEmbedResult };
    readonly 'images-predict': { readonly spec: ImagePredictJobSpec; readonly result: readonly ImagePrediction[] };
    readonly 'images-export': { readonly spec: ImageExportJobSpec; readonly result: ImageExportResult };
    readonly 'recs-train': { readonly spec: RecsTrainJobSpec; readonly result: RecsRunSummary };
    /** Rules fired now, and rules holding that fired before. */
    readonly 'score-rows': { readonly spec: ScoreRowsJobSpec; readonly result: ScoreRowsResult };
    readonly 'monitor-check': { readonly spec: MonitorCheckJobSpec; readonly result: { readonly fired: number; readonly holding: number } };
    readonly 'dataset-export': { readonly spec: DatasetExportJobSpec; readonly result: ExportedData };
  }
>;

export type JobSpec<K extends JobKind> = JobTypes[K]['spec'];
export type JobResults = { readonly [K in JobKind]: JobTypes[K]['result'] };

/** A job as the host sends it: one of the kinds (all of them by default), with that kind's spec. */
export type WorkerJob<K extends JobKind = JobKind> = { readonly [P in K]: { readonly kind: P; readonly spec: JobSpec<P> } }[K];

export type ToWorker =
  | { readonly type: 'start'; readonly jobId: string; readonly job: WorkerJob }
  | { readonly type: 'cancel' }
  | { readonly type: 'control'; readonly command: StreamControl };

export type FromWorker =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'log'; readonly level: JobLogLevel; readonly message: string }
  | { readonly type: 'data'; readonly data: WorkerData }
  | { readonly type: 'result'; readonly result: JobResults[JobKind] }
  | { readonly type: 'failed'; readonly error: ErrorData }
  | { readonly type: 'cancelled' };

export function isFromWorker(msg: unknown): msg is FromWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return type === 'progress' || type === 'log' || type === 'data' || type === 'result' || type === 'failed' || type === 'cancelled';
}

export function isToWorker(msg: unknown): msg is ToWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return type === 'start' || type === 'cancel' || type === 'control';
}

/** Progress updates are throttled to this interval (a few per second). */
export const progressIntervalMs = 200;

/**
 * Whether a job computes on the TensorFlow.js backend: on a GPU backend (webgpu, tfjs-node-gpu) such jobs
 * share the one device, so the job manager runs them in its GPU slots rather than its CPU slots.
 */
/**
 * Whether a job boosts on a WebGPU device of its own, so it takes one of the manager's GPU slots: `gpu`
 * always (it runs there or fails at once), `auto` only where this machine has a hardware GPU (elsewhere it
 * trains on the CPU and must take a CPU slot).
 */
export function boostsOnGpu(job: WorkerJob, hardwareGpu: boolean): boolean {
  switch (job.kind) {
    case 'train-fold':
    case 'train-trial':
    case 'train-refit':
      return job.spec.gpuDevice === 'gpu' || (job.spec.gpuDevice === 'auto' && hardwareGpu);
    default:
      return false;
  }
}

export function runsTensorflow(job: WorkerJob): boolean {
  switch (job.kind) {
    case 'images-train':
    case 'images-embed':
    case 'images-estimate':
    case 'images-predict':
    case 'images-export':
      return true;
    case 'train-fold':
    case 'train-trial':
    case 'train-refit':
    case 'selftest':
      return job.spec.tensorflow === true;
    default:
      return false;
  }
}
