import type { InferOutput } from 'valibot';
import type { invokeSchemas } from './payload-schemas';
import type {
  AppInfo,
  BackendInfo,
  DatasetProfile,
  DatasetSummary,
  ImportSpec,
  JobInfo,
  MenuCommand,
  Progress,
  ProjectInfo,
  RecentProject,
  RowPage,
  RunRecord,
} from './types';
import type {
  DetectResult,
  LiveFrame,
  PipelineSpec,
  RecordingInfo,
  SerialPortInfo,
  StreamConfig,
  StreamHistory,
  StreamSource,
  StreamStatus,
  StreamSummary,
} from './sensors';
import type { JobLogLine } from './jobs';
import type { DatasetExportFormat, DatasetExportStarted } from './dataset-export';
import type { ServableVersion, ServeStartRequest, ServeStats, ServerInfo } from './serving';
import type { ReplayProgress, ReplayReport, TrainRunDetail, TrainRunSummary, TrainSpec } from './train';
import type { ModelCard, ModelRef, ModelVersion, RegisteredModel, Stage } from './registry';
import type { MonitorOverview, MonitorOverviewRequest, MonitorRule, MonitorRuleRequest } from './monitoring';
import type { RetrainOverview, RetrainRecord, RetrainRequest, RetrainSettings } from './retrain';

import type { RecsRunSummary, RecsTrainSpec, RecsTryAnswer } from './recs';
import type { ExportCheck, ExportSpec } from './export';
import type { ExportColumnChoice, RecordingExportPlan } from './recording-export';
import type { InferredSchema, SchemaSample } from './schema';
import type { ImportPreview, ImportPreviewRequest } from './import-options';
import type { QuarantinePage, QuarantineRow, RuleSet, StoredRules } from './rules';
import type { DatasetRecipeInfo, Recipe, RecipePreview, StoredRecipe } from './recipe';
import type { LineageEvent } from './lineage';
import type { PiiFinding, PrivacySpec } from './governance';
import type { WatchedFolder, WatchEvent } from './watch';
import type { ComputeSettings, ComputeView } from './compute';
import type {
  ConnectionConfig,
  ConnectionInfo,
  ConnectionTest,
  DbImportSpec,
  DbSelection,
  HttpPreview,
  HttpSourceSpec,
  SourcePreview,
  SourceState,
  TableEntry,
} from './sources';

/** A saved connection by id, or one given inline (never with its password). */
type ConnRef = { connectionId?: number; connection?: ConnectionConfig };
import type { ImagePage, ImagePrediction, ImageRunSummary, ImageSetSummary, ImageTrainEstimate, ImageTrainSpec, ImageImportSpec } from './images';

/**
 * Every renderer→host call, declared once: request and response types here,
 * and one row per channel in `invokeChannels` below (the runtime allowlist).
 */
export interface InvokeMap {
  'app:info': { req: null; res: AppInfo };
  'project:new': { req: { path: string }; res: ProjectInfo };
  'project:open': { req: { path: string; readOnly?: boolean }; res: ProjectInfo };
  'project:saveAs': { req: { path: string }; res: ProjectInfo };
  'project:close': { req: null; res: null };
  'project:recent': { req: null; res: RecentProject[] };
  'dialog:pick': { req: { purpose: DialogPurpose }; res: { path: string | null } };
  'dataset:list': { req: null; res: DatasetSummary[] };
  'dataset:rows': { req: { datasetId: number; offset: number; limit: number }; res: RowPage };
  'dataset:profile': { req: { datasetId: number }; res: DatasetProfile | null };
  'dataset:delete': { req: { datasetId: number }; res: null };
  /**
   * Writes a dataset to CSV, Parquet or Arrow as a job (progress, cancel): to `to` when given (the
   * desktop app's save dialog), else, in browser mode, to a private file sent by `download` once done.
   */
  'dataset:export': { req: { datasetId: number; format: DatasetExportFormat; to?: string }; res: DatasetExportStarted };
  'import:start': { req: ImportSpec; res: { jobId: string } };
  /** Column types, date formats and missing counts inferred from a preview's rows (nothing is written). */
  'import:infer-schema': { req: SchemaSample; res: InferredSchema };
  /** What a file holds and how it would be read (format, encoding, delimiter, sheets…) with its first 50 rows. */
  'import:preview': { req: ImportPreviewRequest; res: ImportPreview };
  /** Profiles a dataset (a job). A file import that succeeds is profiled by the host itself; this is for the rest and for profiling again. */
  'profile:start': { req: { datasetId: number }; res: { jobId: string } };
  'job:list': { req: null; res: JobInfo[] };
  'job:cancel': { req: { jobId: string }; res: null };
  'run:list': { req: null; res: RunRecord[] };
  'sensors:ports': { req: null; res: SerialPortInfo[] };
  /** Listens to a source for a few seconds and guesses protocol, fields and rate. */
  'stream:detect': { req: { source: StreamSource; seconds?: number }; res: DetectResult };
  /** A new stream from a config, or a stored stream started again by id. */
  'stream:start': { req: StreamConfig | { streamId: number; password?: string }; res: { streamId: number; jobId: string } };
  'stream:stop': { req: { streamId: number }; res: null };
  'stream:list': { req: null; res: StreamSummary[] };
  'stream:pipeline': { req: { streamId: number; pipeline: PipelineSpec }; res: null };
  /** Stored readings between two host times (ms), min-max decimated to maxPoints (default 2000). */
  'stream:history': { req: { streamId: number; from?: number; to?: number; maxPoints?: number }; res: StreamHistory };
  'recording:start': { req: { streamId: number; label: string }; res: RecordingInfo };
  'recording:stop': { req: { streamId: number }; res: RecordingInfo };
  'recording:list': { req: { streamId?: number }; res: RecordingInfo[] };
  /** The columns an export of these recordings can write, with clashes to resolve (recording-export.ts). */
  'recording:export-plan': { req: { recordingIds: number[] }; res: RecordingExportPlan };
  /**
   * Readings of the recordings (the stream's pipeline applied, label as a column) become a dataset;
   * `columns` picks and names them in order (default: the plan's ticked ones, refused while names clash).
   */
  'recording:export': { req: { recordingIds: number[]; name: string; columns?: ExportColumnChoice[] }; res: { datasetId: number } };
  /** A recording replayed as a new virtual sensor at its original pace (speed 1) or faster. */
  'recording:replay': { req: { recordingId: number; speed?: number }; res: { streamId: number; jobId: string } };
  /** Starts a training run (plan, folds in parallel, final refit); progress arrives as train:update. */
  'train:start': { req: TrainSpec; res: { runId: number } };
  'train:cancel': { req: { runId: number }; res: null };
  'train:list': { req: null; res: TrainRunSummary[] };
  /** One run with its plot data. */
  'train:get': { req: { runId: number }; res: TrainRunDetail };
  /** Re-runs a finished run from its stored spec on a temporary copy of the project and compares every number; progress arrives as train:replayProgress. */
  'train:replay': { req: { runId: number }; res: ReplayReport };
  'train:cancelReplay': { req: { runId: number }; res: null };
  /** The user's compute settings (cluster executors), from their settings folder, never the project. */
  'compute:get': { req: null; res: ComputeView };
  /** Saves them whole; refused with the reason when a name repeats or the default is unknown. */
  'compute:set': { req: ComputeSettings; res: ComputeView };
  /** Registered versions that can be served, newest first per model. */
  'serve:models': { req: null; res: ServableVersion[] };
  /** Starts a model server on 127.0.0.1 (logging predictions unless the project is read-only). */
  'serve:start': { req: ServeStartRequest; res: ServerInfo };
  'serve:stop': { req: { serverId: string }; res: null };
  'serve:status': { req: null; res: ServerInfo[] };
  /** The candidate's share of requests; a candidate ref adds or replaces the second version, null removes it. */
  'serve:split': { req: { serverId: string; percent: number; candidate?: ModelRef | null }; res: ServerInfo };
  /** Hot swap: the primary becomes another version, loaded first, with no request dropped. */
  'serve:swap': { req: { serverId: string; model: ModelRef }; res: ServerInfo };
  /** Trains a recommender (#17) in a worker job; the run's summary arrives in recs:list when the job ends. */
  'recs:start': { req: RecsTrainSpec; res: { runId: number; jobId: string } };
  /** Recommender runs, newest first. */
  'recs:list': { req: null; res: RecsRunSummary[] };
  /** A run's model asked for one user's top K, with their history. */
  'recs:try': { req: { runId: number; user: string; k?: number }; res: RecsTryAnswer };
  /** Registered models, by name, each with its versions newest first. */
  'registry:list': { req: null; res: RegisteredModel[] };
  /**
   * A finished run's model becomes the next version of `name` (created on first use). The run is a
   * tabular or an image run (ids are unique across both); `phase` picks an image run's phase (default its last).
   */
  'registry:register': { req: { runId: number; name: string; phase?: 1 | 2 }; res: ModelVersion };
  /** Moves a version to a stage; the version that held staging/production goes back to none. */
  'registry:stage': { req: { name: string; version: number; stage: Stage }; res: ModelVersion };
  /** Puts the version that was in production before the current one back in production. */
  'registry:rollback': { req: { name: string }; res: ModelVersion };
  'registry:card': { req: { name: string; version: number; card: ModelCard }; res: ModelVersion };
  /** A model version's monitoring: drift per column over windows of the serving log, performance, alert rules and firings. */
  'monitor:overview': { req: MonitorOverviewRequest; res: MonitorOverview };
  /** Evaluates the model's alert rules now, drift included (as the schedule does), as a job (progress, job:cancel): fired are recorded and sent; holding already had. */
  'monitor:check': { req: { model: string }; res: { fired: number; holding: number; jobId: string } };
  'monitor:rule-add': { req: MonitorRuleRequest; res: MonitorRule };
  'monitor:rule-remove': { req: { model: string; id: number }; res: null };
  /** How often the rules are evaluated while the model is served (0: off). */
  'monitor:schedule': { req: { model: string; everyMs: number }; res: null };
  /** The self-contained HTML report of `monitor:overview` (assay monitor report). */
  'monitor:report': { req: MonitorOverviewRequest; res: { html: string } };
  /** Runs a version's spec again on newer data as a training run, registers the challenger, compares it with the champion (#16.8); monitor:retrain pushes its record as it changes. */
  'monitor:retrain': { req: RetrainRequest; res: RetrainRecord };
  /** Cancels a retrain's training run. */
  'monitor:retrain-cancel': { req: { id: number }; res: null };
  /** Puts a compared retrain's challenger in production (roll back with registry:rollback). */
  'monitor:retrain-promote': { req: { id: number }; res: RetrainRecord };
  /** A model's retrain opt-ins and history. */
  'monitor:retrains': { req: { model: string }; res: RetrainOverview };
  'monitor:retrain-settings': { req: RetrainSettings; res: RetrainSettings };
  /** Exports a registered model version as a bundle (folder, s3:// or azure://); a job (progress, cancel), result ExportResult. */
  'export:start': { req: ExportSpec; res: { jobId: string } };
  /** Is the target reachable and writable with the credentials at hand? Never returns a secret. */
  'export:check': { req: { to: string }; res: ExportCheck };
  /** The dataset's latest saved rules (an empty set and version null when none were saved). */
  'rules:get': { req: { datasetId: number }; res: StoredRules };
  /** Saves the rules as the dataset's next version (checked against its columns). */
  'rules:save': { req: { datasetId: number; rules: RuleSet }; res: StoredRules };
  /** Rules suggested from the dataset's profile (or its first rows). */
  'rules:suggest': { req: { datasetId: number }; res: RuleSet };
  /** A job re-applying the saved rules: rows now failing move to quarantine. */
  'rules:validate': { req: { datasetId: number }; res: { jobId: string } };
  'quarantine:list': { req: { datasetId: number; offset: number; limit: number; rule?: string | null }; res: QuarantinePage };
  /** Replaces a quarantined row's values (one text per column). */
  'quarantine:fix': { req: { datasetId: number; id: number; fields: string[] }; res: QuarantineRow };
  /** A job checking quarantined rows against the saved rules; with promote, rows that pass join the dataset. */
  'quarantine:revalidate': { req: { datasetId: number; promote?: boolean }; res: { jobId: string } };
  /** The dataset's source key, the recipe stored for it and every application so far. */
  'recipe:get': { req: { datasetId: number }; res: DatasetRecipeInfo };
  /** What each step would change, computed in a worker on the dataset (or its first 200,000 rows, labelled). */
  'recipe:preview': { req: { datasetId: number; recipe: Recipe }; res: RecipePreview };
  /** The latest recipe stored for a source (a file name or path; see sourceKeyOf): what an import of it re-applies. */
  'recipe:stored': { req: { source: string }; res: StoredRecipe | null };
  /** The same on rows not imported yet (the import wizard's first rows). */
  'recipe:previewRows': { req: { columns: string[]; rows: string[][]; recipe: Recipe }; res: RecipePreview };
  /** Applies a recipe to a dataset in one transaction (a job: progress, cancel) and stores it for the source. */
  'recipe:apply': { req: { datasetId: number; recipe: Recipe }; res: { jobId: string } };
  /** A dataset's lineage: imports, appends, transformations, oldest first. */
  'lineage:list': { req: { datasetId: number }; res: LineageEvent[] };
  /** Likely personal data in a dataset (sampled), per column with a confidence. */
  'privacy:scan': { req: { datasetId: number }; res: PiiFinding[] };
  /** Pseudonymise / mask / drop columns: a job, one transaction, recorded in lineage. */
  'privacy:apply': { req: PrivacySpec; res: { jobId: string } };
  /** Where the pseudonymisation key is and its fingerprint (null before it exists); never the key. */
  'privacy:key': { req: { keyFile?: string }; res: { store: 'file' | 'keychain'; location: string; fingerprint: string | null } };
  /** Watch a folder: its new or changed files are ingested into one dataset (appended after the first). */
  'watch:add': { req: { path: string; datasetId?: number }; res: WatchedFolder };
  'watch:list': { req: null; res: WatchedFolder[] };
  'watch:remove': { req: { folderId: number }; res: null };
  /** Saved database connections of the project (where their passwords come from, never the passwords). */
  'source:connections': { req: null; res: ConnectionInfo[] };
  'source:saveConnection': { req: { id?: number; name: string; config: ConnectionConfig }; res: ConnectionInfo };
  'source:deleteConnection': { req: { id: number }; res: null };
  /** Puts a saved connection's password into the OS keychain (desktop app only; never into the project). */
  'source:storeSecret': { req: { connectionId: number; secret: string }; res: null };
  /** Connects and asks the server's version; failures come back as {ok: false, message} (redacted). */
  'source:test': { req: ConnRef; res: ConnectionTest };
  /** Schemas and tables with the database's own row estimates. */
  'source:tables': { req: ConnRef; res: TableEntry[] };
  /** The first 50 rows of a table or query, with the mapped column types. */
  'source:preview': { req: ConnRef & { select: DbSelection }; res: SourcePreview };
  /** Imports a table or query (a job: progress, cancel); result SourceImportResult. */
  'source:import': { req: DbImportSpec; res: { jobId: string } };
  /** Datasets fed by a database or an API: watermark, resumable position, schedule. */
  'source:list': { req: null; res: SourceState[] };
  /** Rows past the watermark (upserted by key), or the rest of a failed API pull. */
  'source:refresh': { req: { datasetId: number }; res: { jobId: string } };
  /** Refresh every N minutes while the project is open (null: never). */
  'source:schedule': { req: { datasetId: number; minutes: number | null }; res: SourceState };
  /** The first page of an API request, as rows. */
  'source:httpPreview': { req: HttpSourceSpec; res: HttpPreview };
  'source:httpImport': { req: HttpSourceSpec; res: { jobId: string } };
  /** Imports a folder (one subfolder per class), a CSV of path,label or dropped files as an image set; a job. */
  'images:import': { req: ImageImportSpec; res: { jobId: string; setId: number } };
  'images:sets': { req: null; res: ImageSetSummary[] };
  /** A page of a set's images with thumbnails; `issues` lists corrupt, refused and duplicate ones. */
  'images:list': { req: { setId: number; offset: number; limit: number; filter?: 'all' | 'issues' | { label: string } }; res: ImagePage };
  'images:thumbnails': { req: { imageIds: number[] }; res: Record<number, string> };
  'images:delete': { req: { setId: number }; res: null };
  /** Time and memory a training run would take, from costs measured on this machine just now. */
  'images:estimate': { req: ImageTrainSpec; res: ImageTrainEstimate };
  /** Starts an image training run (a job); changes arrive as images:run. */
  'images:train': { req: ImageTrainSpec; res: { runId: number } };
  'images:cancel': { req: { runId: number }; res: null };
  'images:runs': { req: null; res: ImageRunSummary[] };
  'images:run': { req: { runId: number }; res: ImageRunSummary };
  /** As train:replay, for an image run (one job; progress arrives as job:progress). */
  'images:replay': { req: { runId: number }; res: ReplayReport };
  'images:cancelReplay': { req: { runId: number }; res: null };
  /** Class probabilities for image files (paths, or uploads in browser mode). */
  'images:predict': { req: { runId: number; phase?: 1 | 2; paths?: string[]; uploadIds?: string[] }; res: ImagePrediction[] };
  /** Writes model.json + weights + preprocessing.json into an empty folder; a job. */
  'images:export': { req: { runId: number; folder: string; phase?: 1 | 2 }; res: { jobId: string } };
}

export type DialogPurpose = 'newProject' | 'openProject' | 'saveProjectAs' | 'importData' | 'exportCsv' | 'exportParquet' | 'exportArrow';

/** Every host→renderer event, declared once. */
export interface PushMap {
  'job:progress': { jobId: string; progress: Progress };
  'job:update': JobInfo;
  /** A line a job's worker logged (also kept, the last few, in the job's JobInfo.logs). */
  'job:log': { jobId: string; line: JobLogLine };
  'project:changed': ProjectInfo | null;
  'datasets:changed': DatasetSummary[];
  'menu:command': { command: MenuCommand };
  /** The ML backend a worker picked, once probed (app:info.backend is null until then). */
  'app:backend': BackendInfo;
  'stream:frame': LiveFrame;
  'stream:status': StreamStatus;
  /** The serial port list changed (a device was plugged in or out). */
  'sensors:ports': SerialPortInfo[];
  /** A training run changed (a fold finished, the run ended). */
  'train:update': TrainRunSummary;
  /** A replay's folds as they finish. */
  'train:replayProgress': ReplayProgress;
  /** About once a second per running model server: traffic per version. */
  'serve:stats': ServeStats;
  /** A model server started, stopped, swapped or changed its split. */
  'serve:status': ServerInfo[];
  /** The registry changed (a version registered, a stage moved, a card edited): the whole list. */
  'registry:changed': RegisteredModel[];
  /** A watched folder's files changed status (the whole list). */
  'watch:changed': WatchedFolder[];
  /** One file of a watched folder was ingested, skipped or failed. */
  'watch:file': WatchEvent;
  /** A database or API source was imported, refreshed, scheduled or failed resumably. */
  'sources:changed': SourceState[];
  /** The image sets changed (an import finished, a set was deleted). */
  'images:sets': ImageSetSummary[];
  /** An image training run started or ended. */
  'images:run': ImageRunSummary;
  /** A retrain started, ended (compared, failed, cancelled) or was promoted. */
  'monitor:retrain': RetrainRecord;
}

export type InvokeChannel = keyof InvokeMap;
export type PushChannel = keyof PushMap;
/** `readonly` at every depth: a request is read, never changed, by whoever handles it. */
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * A channel's request as its schema (payload-schemas.ts) admits it: inferred from the schema, so
 * what `invoke` accepts, what the dispatcher checks and what a handler receives are one type. The
 * named request types (ImportSpec, TrainSpec, …) keep their field docs and are tied to the schemas
 * in both directions at compile time there.
 */
export type InvokeReq<C extends InvokeChannel> = DeepReadonly<InferOutput<(typeof invokeSchemas)[C]>>;
export type InvokeRes<C extends InvokeChannel> = InvokeMap[C]['res'];
export type PushPayload<C extends PushChannel> = PushMap[C];

export interface InvokeMeta {
  /** A writing channel is refused while the project is open read-only. */
  readonly writes: boolean;
}

/** The runtime channel table: exactly the keys of InvokeMap (checked by `satisfies`). */
export const invokeChannels = {
  'app:info': { writes: false },
  'project:new': { writes: false },
  'project:open': { writes: false },
  'project:saveAs': { writes: false },
  'project:close': { writes: false },
  'project:recent': { writes: false },
  'dialog:pick': { writes: false },
  'dataset:list': { writes: false },
  'dataset:rows': { writes: false },
  'dataset:profile': { writes: false },
  'dataset:delete': { writes: true },
  'dataset:export': { writes: false },
  'import:start': { writes: true },
  'import:infer-schema': { writes: false },
  'import:preview': { writes: false },
  'profile:start': { writes: true },
  'job:list': { writes: false },
  'job:cancel': { writes: false },
  'run:list': { writes: false },
  'sensors:ports': { writes: false },
  'stream:detect': { writes: false },
  'stream:start': { writes: true },
  'stream:stop': { writes: false },
  'stream:list': { writes: false },
  'stream:pipeline': { writes: true },
  'stream:history': { writes: false },
  'recording:start': { writes: true },
  'recording:stop': { writes: true },
  'recording:list': { writes: false },
  'recording:export-plan': { writes: false },
  'recording:export': { writes: true },
  'recording:replay': { writes: true },
  'train:start': { writes: true },
  'train:cancel': { writes: false },
  'train:list': { writes: false },
  'train:get': { writes: false },
  // The replay writes only to its temporary copy: a read-only project can be replayed.
  'train:replay': { writes: false },
  'train:cancelReplay': { writes: false },
  // The user's settings file, not the project (a read-only session refuses it all the same: session-rules.ts).
  'compute:get': { writes: false },
  'compute:set': { writes: false },
  'serve:models': { writes: false },
  // Serving reads the project; a read-only project serves with prediction logging off.
  'serve:start': { writes: false },
  'serve:stop': { writes: false },
  'serve:status': { writes: false },
  'serve:split': { writes: false },
  'serve:swap': { writes: false },
  'recs:start': { writes: true },
  'recs:list': { writes: false },
  'recs:try': { writes: false },
  'registry:list': { writes: false },
  'registry:register': { writes: true },
  'registry:stage': { writes: true },
  'registry:rollback': { writes: true },
  'registry:card': { writes: true },
  'monitor:overview': { writes: false },
  'monitor:check': { writes: true },
  'monitor:rule-add': { writes: true },
  'monitor:rule-remove': { writes: true },
  'monitor:schedule': { writes: true },
  'monitor:report': { writes: false },
  'monitor:retrain': { writes: true },
  'monitor:retrain-cancel': { writes: true },
  'monitor:retrain-promote': { writes: true },
  'monitor:retrains': { writes: false },
  'monitor:retrain-settings': { writes: true },
  // An export records a run row in the project.
  'export:start': { writes: true },
  'export:check': { writes: false },
  'rules:get': { writes: false },
  'rules:save': { writes: true },
  'rules:suggest': { writes: false },
  'rules:validate': { writes: true },
  'quarantine:list': { writes: false },
  'quarantine:fix': { writes: true },
  'quarantine:revalidate': { writes: true },
  'recipe:get': { writes: false },
  'recipe:preview': { writes: false },
  'recipe:stored': { writes: false },
  'recipe:previewRows': { writes: false },
  'recipe:apply': { writes: true },
  'lineage:list': { writes: false },
  'privacy:scan': { writes: false },
  'privacy:apply': { writes: true },
  'privacy:key': { writes: false },
  'watch:add': { writes: true },
  'watch:list': { writes: false },
  'watch:remove': { writes: true },
  'source:connections': { writes: false },
  'source:saveConnection': { writes: true },
  'source:deleteConnection': { writes: true },
  'source:storeSecret': { writes: false },
  'source:test': { writes: false },
  'source:tables': { writes: false },
  'source:preview': { writes: false },
  'source:import': { writes: true },
  'source:list': { writes: false },
  'source:refresh': { writes: true },
  'source:schedule': { writes: true },
  'source:httpPreview': { writes: false },
  'source:httpImport': { writes: true },
  'images:import': { writes: true },
  'images:sets': { writes: false },
  'images:list': { writes: false },
  'images:thumbnails': { writes: false },
  'images:delete': { writes: true },
  // The estimate only reads the project (its probe embeddings are not cached).
  'images:estimate': { writes: false },
  'images:train': { writes: true },
  'images:cancel': { writes: false },
  'images:runs': { writes: false },
  'images:run': { writes: false },
  'images:replay': { writes: false },
  'images:cancelReplay': { writes: false },
  'images:predict': { writes: false },
  'images:export': { writes: false },
} as const satisfies { readonly [C in InvokeChannel]: InvokeMeta };

export const pushChannels = {
  'job:progress': true,
  'job:update': true,
  'job:log': true,
  'project:changed': true,
  'datasets:changed': true,
  'menu:command': true,
  'app:backend': true,
  'stream:frame': true,
  'stream:status': true,
  'sensors:ports': true,
  'train:update': true,
  'train:replayProgress': true,
  'serve:stats': true,
  'serve:status': true,
  'registry:changed': true,
  'watch:changed': true,
  'watch:file': true,
  'sources:changed': true,
  'images:sets': true,
  'images:run': true,
  'monitor:retrain': true,
} as const satisfies { readonly [C in PushChannel]: true };

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, name);
}

export function isPushChannel(name: unknown): name is PushChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(pushChannels, name);
}

/** What `window.assay` offers the renderer, in Electron and (over WebSocket) in browser mode. */
export interface AssayApi {
  invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>>;
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void;
  /** Electron only: the real path of a dropped or picked file (webUtils.getPathForFile). */
  readonly pathForFile?: (file: File) => string;
}

/** Prefix of every IPC channel name, so Assay's channels never collide with Electron's. */
export const ipcPrefix = 'assay:';
