import { AssayError } from '../../../preload/contract/errors';
import type { ScoreRowsResult } from '../../../native-workers/protocol';
import { listDatasets, requireReadyDataset } from '../../../native-workers/project/datasets';
import { resolveModel } from '../../../native-workers/project/registry';
import { labelPrediction, type ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import type { Executors } from '../jobs/executors/registry';
import type { JobManager } from '../jobs/manager';
import type { ProjectAccess } from '../project/access';
import { runShards, shardProblem, shardRanges } from '../jobs/shards';

export interface BatchScoreRequest {
  /** NAME, NAME@VERSION or NAME@STAGE of a registered tabular model. */
  readonly model: string;
  /** The dataset's name or id. */
  readonly dataset: string;
  /** How many jobs the rows are split into (row ranges of about equal size); 1 by default. */
  readonly shards?: number;
  /** An executor of Settings → Compute; absent: the default one. */
  readonly executor?: string;
}

/** One scored row, as `/predict` answers it; `error` when the model could not read the row. */
export interface ScoredRow {
  readonly label?: string;
  readonly probabilities?: Readonly<Record<string, number>>;
  readonly value?: number;
  readonly error?: string;
}

export interface BatchScoreResult {
  readonly model: string;
  readonly version: number;
  readonly dataset: string;
  readonly task: ModelDocument['task'];
  readonly classes: readonly string[] | null;
  readonly shards: number;
  /** `local`, or the executor the shards ran on. */
  readonly executor: string;
  /** One per dataset row, in the dataset's order. */
  readonly rows: readonly ScoredRow[];
  readonly failed: number;
}

export interface BatchScoringDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly executors: Executors;
}

/**
 * Batch scoring of a dataset with a registered model: the rows go out as shards, one `score-rows` job each,
 * locally or on a cluster executor (one snapshot of the project for all of them), and come back assembled in
 * the dataset's order. A shard's result is taken once: a cluster result that arrives twice is merged once
 * under its job's token (project/cluster.ts) and the job manager hands each job's result over once.
 */
export class BatchScoring {
  private readonly deps: BatchScoringDeps;

  constructor(deps: BatchScoringDeps) {
    this.deps = deps;
  }

  async score(req: BatchScoreRequest): Promise<BatchScoreResult> {
    const store = this.deps.store();
    const shards = req.shards ?? 1;
    const problem = shardProblem(shards);
    if (problem) throw new AssayError('BAD_INPUT', problem);
    const { version, doc } = resolveModel(store.db, req.model);
    const all = listDatasets(store.db);
    const found = all.find((d) => d.name === req.dataset) ?? all.find((d) => String(d.id) === req.dataset);
    if (!found) throw new AssayError('NOT_FOUND', `No dataset "${req.dataset}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
    const ds = requireReadyDataset(store.db, found.id);
    // An unknown executor is refused before any job starts.
    const executor = this.deps.executors.resolve(req.executor);
    const cluster = executor?.openRun(store, null) ?? null;
    try {
      const ranges = shardRanges(ds.rowCount, shards);
      const ref = `${version.name}@${version.version}`;
      const results = await runShards(
        this.deps.jobs,
        ranges,
        ({ start, end }) => ({ kind: 'score-rows', spec: { projectPath: store.path, model: ref, datasetId: ds.id, start, end } }),
        ({ start, end }, i) => `Score ${ds.name} with ${ref}: rows ${start + 1}–${end}${ranges.length > 1 ? ` (shard ${i + 1} of ${ranges.length})` : ''}`,
        cluster ? { launcher: cluster.launcher } : null,
      );
      const rows = results.flatMap((r) => labelled(doc, r));
      if (rows.length !== ds.rowCount) throw new AssayError('INTERNAL', `The shards scored ${rows.length} rows of ${ds.rowCount}; run the scoring again.`);
      return {
        model: version.name,
        version: version.version,
        dataset: ds.name,
        task: doc.task,
        classes: doc.classes,
        shards: ranges.length,
        executor: executor?.name ?? 'local',
        rows,
        failed: rows.filter((r) => r.error !== undefined).length,
      };
    } finally {
      cluster?.close();
    }
  }
}

/** A shard's raw outputs labelled as `/predict` labels them. */
function labelled(doc: ModelDocument, r: ScoreRowsResult): ScoredRow[] {
  const errors = new Map(r.failed.map((f) => [f.row, f.error]));
  return Array.from({ length: r.end - r.start }, (_, i): ScoredRow => {
    const error = errors.get(r.start + i);
    return error !== undefined ? { error } : labelPrediction(doc, r.outputs.slice(i * r.width, (i + 1) * r.width) as number[]);
  });
}
