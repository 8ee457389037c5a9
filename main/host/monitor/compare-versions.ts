/**
 * Champion vs challenger (#16.8): both versions score the same rows with the
 * same metric code (ml/monitor-feedback scoreLabelled, the training metrics),
 * on the challenger run's untouched test split and on the latest window of
 * logged predictions that have feedback labels.
 */
import { lowerIsBetter } from '../../../preload/contract/metrics';
import type { RetrainComparison, RetrainEvaluation } from '../../../preload/contract/retrain';
import { scoreLabelled, windowStart, type Labelled, type ScoredTask, type WindowSpec } from '../../../native-workers/ml/monitor-feedback';
import { loadPredictor, type ModelDocument, type Prediction } from '../../../native-workers/ml/tabular/predictor';
import { datasetColumns, requireReadyDataset } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { resolveModel } from '../../../native-workers/project/registry';
import { labelledInputs } from '../../../native-workers/project/retrain';
import { datasetRowPages } from '../../../native-workers/project/columns/dataset-rows';
import { getTrainSummary, readTestRows } from '../../../native-workers/project/train';

type Row = Readonly<Record<string, unknown>>;

interface Side {
  readonly doc: ModelDocument;
  readonly task: ScoredTask;
}

function side(db: Db, name: string, version: number): Side {
  const { doc } = resolveModel(db, `${name}@${version}`);
  return { doc, task: { task: doc.task, classes: doc.classes, threshold: doc.threshold } };
}

/** One version's metrics on rows (each with its true label); a row it cannot score fails the whole evaluation, saying why. */
function score(s: Side, rows: readonly Row[], labels: readonly (string | number | boolean)[]): { metrics: Record<string, number>; warning?: string } {
  let outputs: Prediction[];
  try {
    outputs = loadPredictor(s.doc).predictRecords(rows);
  } catch (err) {
    return { metrics: {}, warning: `could not score the rows: ${err instanceof Error ? err.message : String(err)}` };
  }
  const labelled: Labelled[] = outputs.map((output, i) => ({ at: 0, output, label: labels[i]! }));
  const r = scoreLabelled(labelled, s.task);
  return { metrics: r.metrics, ...(r.warnings.length ? { warning: r.warnings.join(' ') } : {}) };
}

function evaluation(label: string, champion: Side, challenger: Side, rows: readonly Row[], labels: readonly (string | number | boolean)[], note?: string): RetrainEvaluation {
  const a = score(champion, rows, labels);
  const b = score(challenger, rows, labels);
  const notes = [note, a.warning && `Champion: ${a.warning}`, b.warning && `Challenger: ${b.warning}`].filter((x): x is string => Boolean(x));
  return { label, rows: rows.length, champion: a.metrics, challenger: b.metrics, ...(notes.length ? { note: notes.join(' ') } : {}) };
}

/** The challenger run's test rows (their positions in its dataset) read back as records, with the target's values as labels. */
function testSplit(db: Db, runId: number, target: string): { label: string; rows: Row[]; labels: (string | number | boolean)[] } | null {
  const test = readTestRows(db, runId);
  if (test.length === 0) return null;
  const summary = getTrainSummary(db, runId);
  const ds = requireReadyDataset(db, summary.spec.datasetId);
  const names = datasetColumns(db, ds.id).map((c) => c.name);
  const at = names.indexOf(target);
  const wanted = new Set(test);
  const rows: Row[] = [];
  const labels: (string | number | boolean)[] = [];
  let index = 0;
  // Either storage: a columnar dataset has no row table (datasetRowPages reads its chunks).
  for (const page of datasetRowPages(db, ds, 5_000)) {
    for (const r of page) {
      if (wanted.has(index)) {
        const label = r[at + 1];
        // A row without a target was never scored by the run either.
        if (label !== null && label !== undefined) {
          rows.push(Object.fromEntries(names.map((n, j) => [n, r[j + 1]])));
          labels.push(label as string | number);
        }
      }
      index++;
    }
  }
  return { label: `test split of run ${runId} (dataset "${ds.name}")`, rows, labels };
}

/** The labelled predictions of the latest window: those since the start of the newest one's time window, or the last N. */
function latestLabelled(db: Db, name: string, window: WindowSpec): { since: number; rows: Row[]; labels: (string | number | boolean)[] } {
  const all = labelledInputs(db, name);
  if (all.length === 0) return { since: 0, rows: [], labels: [] };
  const picked = window.kind === 'count' ? all.slice(-window.n) : all.filter((r) => r.at >= windowStart(all[all.length - 1]!.at, window.ms));
  return { since: picked[0]!.at, rows: picked.map((r) => JSON.parse(r.input) as Row), labels: picked.map((r) => r.label) };
}

function better(metric: string, challenger: number, champion: number): boolean {
  return lowerIsBetter(metric) ? challenger < champion : challenger > champion;
}

export interface CompareOptions {
  readonly metric: string;
  readonly window: WindowSpec;
  /** The challenger was trained on the labelled predictions: said next to that evaluation. */
  readonly trainedOnFeedback: boolean;
}

export function compareVersions(db: Db, name: string, champion: number, challenger: number, runId: number, opts: CompareOptions): RetrainComparison {
  const a = side(db, name, champion);
  const b = side(db, name, challenger);
  const split = testSplit(db, runId, b.doc.target);
  const testEval = split ? evaluation(split.label, a, b, split.rows, split.labels) : null;
  const latest = latestLabelled(db, name, opts.window);
  const labelled =
    latest.rows.length === 0
      ? null
      : evaluation(
          `labelled predictions of the latest ${opts.window.kind === 'count' ? `${opts.window.n} predictions` : `${opts.window.text} window`} (since ${new Date(latest.since).toISOString()})`,
          a,
          b,
          latest.rows,
          latest.labels,
          opts.trainedOnFeedback ? 'The challenger was trained on labelled predictions, these among them: its test split is the fair comparison.' : undefined,
        );
  const direction = lowerIsBetter(opts.metric) ? 'lower' : 'higher';
  const judged = [testEval, labelled].filter((e): e is RetrainEvaluation => e !== null && e.champion[opts.metric] !== undefined && e.challenger[opts.metric] !== undefined);
  if (judged.length === 0) {
    const why = testEval || labelled ? `neither evaluation has ${opts.metric} for both versions` : 'there is no test split and no labelled prediction to compare on';
    return { metric: opts.metric, direction, testSplit: testEval, labelled, winner: null, reason: `Not compared: ${why}.` };
  }
  const lost = judged.find((e) => !better(opts.metric, e.challenger[opts.metric]!, e.champion[opts.metric]!));
  const fmt = (e: RetrainEvaluation): string => `${e.challenger[opts.metric]!.toFixed(4)} vs ${e.champion[opts.metric]!.toFixed(4)} on the ${e === testEval ? 'test split' : 'labelled window'}`;
  return {
    metric: opts.metric,
    direction,
    testSplit: testEval,
    labelled,
    winner: lost ? 'champion' : 'challenger',
    reason: lost
      ? `The challenger (v${challenger}) does not beat the champion (v${champion}) on ${opts.metric}: ${fmt(lost)} (${direction} is better).`
      : `The challenger (v${challenger}) beats the champion (v${champion}) on ${opts.metric}: ${judged.map(fmt).join('; ')}.`,
  };
}
