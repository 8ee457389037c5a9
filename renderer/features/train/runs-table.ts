import { metricThresholds, modelLabels, type Task, type TrainRunSummary, type ValidationSpec } from '../../../preload/contract/train';
import { validationLabels } from './form';

export type SortKey = 'runId' | 'model' | 'dataset' | 'target' | 'task' | 'validation' | 'status' | 'seconds' | `metric:${string}`;

export interface RunSort {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}

// Labels and directions are declared once, beside each metric's definition (preload/contract/metrics.ts).
export { lowerIsBetter, metricLabel } from '../../../preload/contract/metrics';
import { lowerIsBetter } from '../../../preload/contract/metrics';

/** The metrics a run of this task is judged by, most telling first. */
export function mainMetrics(task: Task | null): readonly string[] {
  if (task === 'binary') return ['roc_auc', 'f1', 'accuracy', 'balanced_accuracy', 'pr_auc', 'precision', 'recall', 'mcc', 'log_loss', 'brier'];
  if (task === 'multiclass') return ['accuracy', 'f1_macro', 'balanced_accuracy', 'log_loss', 'mcc'];
  if (task === 'regression') return ['rmse', 'mae', 'r2', 'mse', 'mape'];
  return [];
}

/** Every metric a run has, main ones first in their order, then the rest alphabetically. */
export function orderedMetrics(run: TrainRunSummary): string[] {
  const have = Object.keys(run.metrics);
  const main = mainMetrics(run.task).filter((m) => have.includes(m));
  return [...main, ...have.filter((m) => !main.includes(m)).sort()];
}

/** The metric columns of the runs table: main metrics of the tasks present, taken in turn, at most `budget`. */
export function tableMetrics(runs: readonly TrainRunSummary[], budget = 4): string[] {
  const lists = (['binary', 'multiclass', 'regression'] as const).filter((t) => runs.some((r) => r.task === t)).map((t) => mainMetrics(t));
  const out: string[] = [];
  for (let depth = 0; out.length < budget && lists.some((l) => depth < l.length); depth++) {
    for (const l of lists) {
      const m = l[depth];
      if (m !== undefined && out.length < budget && !out.includes(m)) out.push(m);
    }
  }
  return out;
}

export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return v.toExponential(2);
  if (abs >= 100) return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return v.toFixed(digits);
}

export function formatMeanStd(m: { readonly mean: number; readonly std: number } | undefined): string {
  if (!m) return '—';
  return `${formatNumber(m.mean)} ± ${formatNumber(m.std)}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function validationText(v: ValidationSpec | null, requested: Partial<ValidationSpec>): string {
  const spec = v ?? requested;
  if (!spec.kind) return spec.k ? `default scheme, k=${spec.k}` : 'default';
  const label = validationLabels[spec.kind];
  if (spec.kind === 'holdout') return `${label} ${Math.round((spec.fraction ?? 0.2) * 100)} %`;
  if (spec.kind === 'repeated') return `${label} ${spec.k ?? 5}×${spec.repeats ?? 3}`;
  return `${label}, k=${spec.k ?? 5}`;
}

/** The validation in a few characters, for the runs table. */
export function validationShort(v: ValidationSpec | null, requested: Partial<ValidationSpec>): string {
  const spec = v ?? requested;
  const k = spec.k ?? 5;
  switch (spec.kind) {
    case 'stratified':
      return `stratified ${k}-fold`;
    case 'repeated':
      return `${k}-fold × ${spec.repeats ?? 3}`;
    case 'group':
      return `group ${k}-fold`;
    case 'timeseries':
      return `time series, ${k} splits`;
    case 'holdout':
      return `holdout ${Math.round((spec.fraction ?? 0.2) * 100)} %`;
    default:
      return `${k}-fold`;
  }
}

/** Binary: which threshold the decision metrics (precision, recall, F1, …) of folds and test used; null otherwise. */
export function thresholdNote(run: TrainRunSummary): string | null {
  const at = metricThresholds(run);
  if (!at) return null;
  const where = at.test === null || at.test === at.folds ? `at the decision threshold ${formatNumber(at.folds)}` : `at ${formatNumber(at.folds)} for the folds and ${formatNumber(at.test)} for the test split`;
  return `Precision, recall, F1, accuracy and MCC are computed ${where}; ROC AUC, PR AUC, log loss and Brier score need no threshold.`;
}

export function runTitle(run: TrainRunSummary): string {
  return `${modelLabels[run.spec.model]} → ${run.spec.target}`;
}

function sortValue(run: TrainRunSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'runId':
      return run.runId;
    case 'model':
      return modelLabels[run.spec.model];
    case 'dataset':
      return run.datasetName;
    case 'target':
      return run.spec.target;
    case 'task':
      return run.task;
    case 'validation':
      return validationText(run.validation, run.spec.validation);
    case 'status':
      return run.status;
    case 'seconds':
      return run.seconds;
    default:
      return run.metrics[key.slice('metric:'.length)]?.mean ?? null;
  }
}

/** Sorted copy; runs without a value (no metric yet, still running) always go last. Ties keep newest first. */
export function sortRuns(runs: readonly TrainRunSummary[], sort: RunSort): TrainRunSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null || va === vb) {
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      return b.runId - a.runId;
    }
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return sign * c;
  });
}

/** The direction a column sorts by first: best metric values on top, newest runs on top. */
export function naturalDir(key: SortKey): 'asc' | 'desc' {
  if (key.startsWith('metric:')) return lowerIsBetter(key.slice('metric:'.length)) ? 'asc' : 'desc';
  return key === 'runId' || key === 'seconds' ? 'desc' : 'asc';
}

/** Newest first: the sidebar's order. */
export function newestFirst(byId: Readonly<Record<number, TrainRunSummary>>): TrainRunSummary[] {
  return Object.values(byId).sort((a, b) => b.runId - a.runId);
}

/** The newest run of a dataset and target: its plan's excluded columns annotate the features checklist. */
export function latestRunFor(byId: Readonly<Record<number, TrainRunSummary>>, datasetId: number | null, target: string): TrainRunSummary | undefined {
  if (datasetId === null || target === '') return undefined;
  return newestFirst(byId).find((r) => r.spec.datasetId === datasetId && r.spec.target === target && (r.excluded.length > 0 || r.features.length > 0));
}
