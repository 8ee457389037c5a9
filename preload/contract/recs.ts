/**
 * Recommendations (issue #17): what a recommender training run is asked (RecsTrainSpec) and
 * what it reports (RecsRunSummary). The models, metrics and holdout are in
 * native-workers/ml/recs; the job in native-workers/jobs/recs.
 */

export const recsModelKinds = ['popular', 'itemknn', 'als', 'bpr', 'content', 'hybrid'] as const;
export type RecsModelKind = (typeof recsModelKinds)[number];

/** The last N interactions of each user by time, or a random fraction of them; 'none' trains without evaluating. */
export type RecsHoldout = { readonly kind: 'last'; readonly n: number } | { readonly kind: 'random'; readonly fraction: number } | { readonly kind: 'none' };

export interface RecsTrainSpec {
  readonly datasetId: number;
  readonly userColumn: string;
  readonly itemColumn: string;
  readonly weightColumn?: string;
  readonly timeColumn?: string;
  /** Default: implicit (weights are counts or strengths; duplicates add up). */
  readonly feedback?: 'implicit' | 'explicit';
  /** Item metadata for content-based and hybrid models: a dataset keyed by the item. */
  readonly items?: { readonly datasetId: number; readonly keyColumn: string };
  readonly model: RecsModelKind;
  /** K of the metrics (default 10). */
  readonly k?: number;
  /** Default: last:1 with a time column, else random:0.2. */
  readonly holdout?: RecsHoldout;
  readonly params?: Readonly<Record<string, number>>;
  readonly seed?: number;
  /** Held-out users scored at most (a seeded sample; default 5,000). */
  readonly evalUsers?: number;
  /**
   * Grid search on the holdout: values per parameter name; every combination is trained and
   * evaluated, the best NDCG@K wins and is refitted on everything. Needs a holdout.
   */
  readonly search?: Readonly<Record<string, readonly number[]>>;
  /**
   * Random search: train only this many combinations of `search`'s grid, drawn with the seed
   * (a grid may then hold up to a million combinations). Absent: every combination.
   */
  readonly searchTrials?: number;
}

/** The spec with every default filled (what the run row keeps, so a rerun is the same run). */
export type ResolvedRecsTrainSpec = Required<Omit<RecsTrainSpec, 'weightColumn' | 'timeColumn' | 'items' | 'search' | 'searchTrials'>> & Pick<RecsTrainSpec, 'weightColumn' | 'timeColumn' | 'items' | 'search' | 'searchTrials'>;

/** One combination of a search and how it did on the holdout. */
export interface RecsSearchTrial {
  readonly params: Readonly<Record<string, number>>;
  readonly ndcg: number;
  readonly recall: number;
  readonly seconds: number;
}

export interface RecsMetricSet {
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly map: number;
  readonly hitRate: number;
  readonly mrr: number;
  readonly coverage: number;
  readonly popularityBias: number;
}

/** The interaction data a recommender run was trained on. */
export interface RecsDataSummary {
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
  /** interactions / (users × items). */
  readonly density: number;
  readonly duplicates: number;
  /** Items without any interaction (known from metadata only). */
  readonly coldItems: number;
  readonly usersWithOneInteraction: number;
  /**
   * The long tail: interactions per item, most popular first, at up to 200 ranks spread
   * log-evenly (rank 1, 2, 3 … then sparser), enough for a plot of any catalogue size.
   */
  readonly popularity: readonly { readonly rank: number; readonly interactions: number }[];
  /** The share of interactions that go to the most popular 20 % of items. */
  readonly top20Share: number;
}

export interface RecsRunSummary {
  readonly runId: number;
  readonly datasetName: string;
  readonly spec: ResolvedRecsTrainSpec;
  readonly data: RecsDataSummary & {
    readonly rejected: readonly { readonly reason: string; readonly count: number; readonly examples: readonly string[] }[];
  };
  /** Null when the run did not evaluate (holdout none). */
  readonly evaluation: {
    readonly heldOutUsers: number;
    readonly evaluatedUsers: number;
    readonly k: number;
    readonly metrics: RecsMetricSet;
    /** Metrics at K = 1 … max(k, 20). */
    readonly curve: readonly ({ readonly k: number } & RecsMetricSet)[];
  } | null;
  /** A search's trials in grid order, and the parameters the stored model was refitted with (the best NDCG@K). */
  readonly search?: { readonly trials: readonly RecsSearchTrial[]; readonly best: Readonly<Record<string, number>> };
  /** Seconds: fitting on the holdout's training part, evaluating, and fitting the stored model on everything. */
  readonly timings: { readonly load: number; readonly train: number; readonly evaluate: number; readonly refit: number };
  readonly warnings: readonly string[];
}

/** The metrics as `assay train-recs --json` prints them: "precision@10" … and coverage. */
export function recsMetricsJson(s: RecsRunSummary): Record<string, number> {
  if (!s.evaluation) return {};
  const { k, metrics: m } = s.evaluation;
  return {
    [`precision@${k}`]: m.precision,
    [`recall@${k}`]: m.recall,
    [`ndcg@${k}`]: m.ndcg,
    [`map@${k}`]: m.map,
    [`hit_rate@${k}`]: m.hitRate,
    [`mrr@${k}`]: m.mrr,
    coverage: m.coverage,
    popularity_bias: m.popularityBias,
  };
}

/** Fills every default and checks what can be checked without the data; throws a message that says what to change. */
export function resolveRecsTrainSpec(spec: RecsTrainSpec): ResolvedRecsTrainSpec {
  const k = spec.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`K must be a whole number of at least 1, not ${k}.`);
  if (!recsModelKinds.includes(spec.model)) throw new Error(`The model must be one of ${recsModelKinds.join(', ')}, not ${String(spec.model)}.`);
  if ((spec.model === 'content' || spec.model === 'hybrid') && !spec.items) throw new Error(`The ${spec.model} model needs item metadata: a dataset with one row per item (--items DATASET --item-key COL).`);
  const holdout = spec.holdout ?? (spec.timeColumn !== undefined ? { kind: 'last', n: 1 } : { kind: 'random', fraction: 0.2 });
  if (holdout.kind === 'last' && spec.timeColumn === undefined) throw new Error('A last:N holdout needs a time column (--time COL); without one, hold out at random (random:0.2).');
  if (spec.search && holdout.kind === 'none') throw new Error('A parameter search compares combinations on the holdout: give one (last:N or random:F).');
  if (spec.searchTrials !== undefined && !spec.search) throw new Error('searchTrials draws combinations from a search: list the values to draw from (--search NAME=V1,V2,…).');
  const evalUsers = spec.evalUsers ?? 5000;
  if (!(Number.isInteger(evalUsers) && evalUsers >= 1)) throw new Error(`evalUsers must be a whole number of at least 1, not ${evalUsers}.`);
  return {
    datasetId: spec.datasetId,
    userColumn: spec.userColumn,
    itemColumn: spec.itemColumn,
    ...(spec.weightColumn !== undefined ? { weightColumn: spec.weightColumn } : {}),
    ...(spec.timeColumn !== undefined ? { timeColumn: spec.timeColumn } : {}),
    feedback: spec.feedback ?? 'implicit',
    ...(spec.items ? { items: spec.items } : {}),
    model: spec.model,
    k,
    holdout,
    params: spec.params ?? {},
    seed: spec.seed ?? 0,
    evalUsers,
    ...(spec.search ? { search: spec.search } : {}),
    ...(spec.searchTrials !== undefined ? { searchTrials: spec.searchTrials } : {}),
  };
}

/** `last:N`, `random:F` or `none`, as the CLI takes a holdout. */
export function parseRecsHoldout(text: string): RecsHoldout {
  if (text === 'none') return { kind: 'none' };
  const m = /^(last|random):(\d+(?:\.\d+)?)$/.exec(text);
  if (m?.[1] === 'last' && Number.isInteger(Number(m[2])) && Number(m[2]) >= 1) return { kind: 'last', n: Number(m[2]) };
  if (m?.[1] === 'random' && Number(m[2]) > 0 && Number(m[2]) < 1) return { kind: 'random', fraction: Number(m[2]) };
  throw new Error(`The holdout is last:N (the latest N interactions of each user, N ≥ 1), random:F (a fraction between 0 and 1) or none, not ${text}.`);
}

/** A run's model asked about one user (the Recommend area's "try it"): their history beside the answer. */
export interface RecsTryAnswer {
  readonly user: string;
  readonly coldStart: boolean;
  readonly note?: string;
  /** The user's interactions as the model was trained on them, heaviest first (at most 50). */
  readonly history: readonly { readonly item: string; readonly weight: number }[];
  readonly items: readonly { readonly item: string; readonly score: number; readonly reason: 'history' | 'popular'; readonly because: readonly string[] }[];
  /** A few users of the run, for the picker. */
  readonly exampleUsers: readonly string[];
}
