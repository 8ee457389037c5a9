import type { AppendSpec } from './lineage';
import type { ImportPrivacy } from './governance';
/** Domain types shared by the host, the workers and the renderer. JSON-safe only. */
import type { ErrorData } from './errors';
import type { JobKind, JobLogLine } from './jobs';
import type { SchemaOverrides } from './schema';
import type { ImportOptions } from './import-options';
import type { RuleSet } from './rules';
import type { Recipe, RecipeOutcome } from './recipe';

/**
 * How a column's cells are stored and used. date and datetime are ISO 8601 text
 * (`YYYY-MM-DD`, `YYYY-MM-DDTHH:mm:ssZ`) so they sort and compare; categorical is
 * text with few distinct values; id is a unique key (numbers or text), left out of
 * model features by default.
 */
export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'categorical' | 'text' | 'id';

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  /** For date and datetime columns: how the source wrote them (see DateFormat). */
  readonly format?: string;
}

export type DatasetStatus = 'importing' | 'ready' | 'failed';

export interface DatasetSummary {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly status: DatasetStatus;
  readonly rowCount: number;
  readonly quarantinedCount: number;
  readonly columns: readonly ColumnInfo[];
  readonly createdAt: string;
  readonly hasProfile: boolean;
}

export type Cell = string | number | null;

export interface RowPage {
  readonly datasetId: number;
  readonly offset: number;
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly (readonly Cell[])[];
  readonly total: number;
}

export interface HistogramBin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

export interface TopValue {
  readonly value: string;
  readonly count: number;
}

export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1), as pandas' describe() reports it. */
  readonly std: number | null;
  readonly histogram: readonly HistogramBin[];
  readonly topValues: readonly TopValue[];
}

export interface DatasetProfile {
  readonly datasetId: number;
  readonly rowCount: number;
  readonly columns: readonly ColumnProfile[];
  readonly createdAt: string;
}

export interface ProjectInfo {
  readonly path: string;
  readonly name: string;
  readonly readOnly: boolean;
  readonly schemaVersion: number;
  /** Why a project opened for writing is read-only: another Assay process writes to it (a banner's text). */
  readonly readOnlyReason?: string;
  /** That process has let go since (pushed as project:changed): the project can be reopened for editing. */
  readonly writerGone?: true;
}

export interface RecentProject {
  readonly path: string;
  readonly name: string;
  readonly openedAt: string;
}

export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The GPU a WebGPU backend runs on, with the limits that size its batches. */
export interface GpuAdapterInfo {
  /** The driver's description, e.g. "NVIDIA H100 PCIe"; a CPU rasteriser reads "software (lavapipe)". */
  readonly adapter: string;
  /**
   * A CPU implementation of Vulkan (Mesa's lavapipe, SwiftShader): it runs WebGPU code but no faster than
   * wasm, so the backend order skips it unless ASSAY_BACKEND=webgpu asks for it, and no figure from it is a GPU's.
   */
  readonly software: boolean;
  /** Bytes one storage buffer binding may hold: a layer's activations for a batch must fit. */
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

export interface BackendInfo {
  readonly name: BackendName;
  /** Why this backend was chosen: what was tried before it and how that failed. */
  readonly reason: string;
  readonly tried: readonly { readonly name: BackendName; readonly error: string }[];
  /** Set when the chosen backend runs on a WebGPU adapter. */
  readonly gpu?: GpuAdapterInfo;
}

/** The one progress shape every long job reports. */
export interface Progress {
  readonly kind: string;
  /** 0..1; fraction of the work done. */
  readonly value: number;
  readonly title: string;
  readonly detail: string;
  readonly metrics?: Readonly<Record<string, number>>;
}

/** Declared, with each kind's properties, in ./jobs.ts. */
export type { JobKind } from './jobs';
/** A run groups jobs: a training run is one plan, its folds and a final refit. */
export type RunKind = JobKind | 'train';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobInfo {
  readonly id: string;
  readonly runId: number | null;
  readonly kind: JobKind;
  readonly title: string;
  readonly status: JobStatus;
  readonly progress: Progress | null;
  readonly error: ErrorData | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Set on success: what the job produced (e.g. the dataset id of an import). */
  readonly datasetId?: number;
  /** Set when an import succeeded: where its rows went (the Jobs panel says so and links the quarantine). */
  readonly imported?: { readonly rowsStored: number; readonly rowsQuarantined: number };
  /** Set when a dataset export succeeded: rows written, and cells left empty for not fitting their column's type. */
  readonly exported?: { readonly rows: number; readonly misfits: number };
  /** A training fold job's fold (its runId is the training run's). */
  readonly fold?: number;
  /** Set when the job runs on the GPU (it holds one of the job manager's GPU slots). */
  readonly gpu?: boolean;
  /** The worker's last log lines (at most jobLogLimit), oldest first; absent until it logs. */
  readonly logs?: readonly JobLogLine[];
}

export interface RunRecord {
  readonly id: number;
  readonly kind: RunKind;
  readonly spec: string;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

/**
 * How to import a file. JSON-safe so the UI, the CLI and a replay share it.
 * Defaults: name = the file's base name without extension; delimiter sniffed.
 */
export interface ImportSpec {
  readonly source: ImportSource;
  readonly name?: string;
  readonly delimiter?: string;
  /** Column type, name, format and drop overrides; default: everything as inferred. */
  readonly schema?: SchemaOverrides;
  /** How the file is read (format, encoding, sheet, records path…); detected when absent. */
  readonly options?: ImportOptions;
  /** Validation rules: failing rows go to quarantine; saved with the dataset as its first rules version. */
  readonly rules?: RuleSet;
  /** Cleansing recipe; default: the latest one stored for the same source (see sourceKeyOf), if any. */
  readonly recipe?: Recipe;
  /** Append to this dataset instead of creating one (schema checked first; see lineage.ts). */
  readonly append?: AppendSpec;
  /** Pseudonymise / mask columns as rows arrive (see governance.ts). */
  readonly privacy?: ImportPrivacy;
}

export type ImportSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'upload'; readonly uploadId: string; readonly fileName: string };

export interface ImportResult {
  readonly datasetId: number;
  readonly name: string;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly rowsQuarantined: number;
  readonly bytes: number;
  readonly sha256: string;
  /** Per validation rule: how many rows failed it (when the import had rules). */
  readonly rules?: Readonly<Record<string, number>>;
  /** Rows the cleansing recipe changed (0 without a recipe), and what it did step by step. */
  readonly rowsChanged?: number;
  readonly recipe?: RecipeOutcome;
  /** Set when every row was quarantined (see import-warning.ts). */
  readonly warning?: string;
  /** Columns typed despite a few values that do not fit (≥ 95 % fit); those values' rows went to quarantine. */
  readonly typeMisfits?: readonly TypeMisfit[];
}

/** A column inferred as `type` although some values do not fit it; `rowsQuarantined` rows went to quarantine for it. */
export interface TypeMisfit {
  readonly column: string;
  readonly type: ColumnType;
  readonly rowsQuarantined: number;
}

export type AppMode = 'electron' | 'browser';

export interface AppInfo {
  readonly version: string;
  readonly mode: AppMode;
  readonly project: ProjectInfo | null;
  readonly backend: BackendInfo | null;
  readonly projectsDir: string;
  readonly cpuCount: number;
}

export type MenuCommand = 'new' | 'open' | 'saveAs' | 'close';
