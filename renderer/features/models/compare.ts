import { registeredModelLabels, type InputColumn, type ModelVersion, type Stage } from '../../../preload/contract/registry';
import type { ParamValue, Task, TrainRunSummary } from '../../../preload/contract/train';
import { formatMeanStd, formatNumber, mainMetrics, metricLabel } from '../train';

export type CompareSection = 'Model' | 'Cross-validated' | 'Test split' | 'Input schema' | 'Parameters' | 'Data lineage';

export interface CompareRow {
  readonly section: CompareSection;
  readonly label: string;
  readonly a: string;
  readonly b: string;
  /** The two versions differ here (the view highlights it). */
  readonly differs: boolean;
}

/** Metric names of both versions: the task's main ones first, in their order, then the rest alphabetically. */
export function metricOrder(a: ModelVersion, b: ModelVersion): string[] {
  const have = new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)]);
  const main = [...new Set([...mainMetrics(taskOf(a)), ...mainMetrics(taskOf(b))])].filter((m) => have.has(m));
  return [...main, ...[...have].filter((m) => !main.includes(m)).sort()];
}

/** A recommender has no tabular task: its metrics are shown alphabetically. */
function taskOf(v: ModelVersion): Task | null {
  return v.task === 'recommend' ? null : v.task;
}

function row(section: CompareSection, label: string, a: string, b: string): CompareRow {
  return { section, label, a, b, differs: a !== b };
}

function paramText(v: ParamValue | undefined): string {
  return v === undefined ? '—' : String(v);
}

/** How two input schemas differ: columns only in one, and columns whose kind changed. */
export function schemaDiff(a: readonly InputColumn[], b: readonly InputColumn[]): { onlyA: string[]; onlyB: string[]; kindChanged: string[]; shared: number } {
  const kindsB = new Map(b.map((c) => [c.name, c.kind]));
  const namesA = new Set(a.map((c) => c.name));
  return {
    onlyA: a.filter((c) => !kindsB.has(c.name)).map((c) => c.name),
    onlyB: b.filter((c) => !namesA.has(c.name)).map((c) => c.name),
    kindChanged: a.filter((c) => kindsB.has(c.name) && kindsB.get(c.name) !== c.kind).map((c) => `${c.name} (${c.kind} → ${kindsB.get(c.name)})`),
    shared: a.filter((c) => kindsB.has(c.name)).length,
  };
}

function list(names: readonly string[]): string {
  if (names.length === 0) return '—';
  return names.length > 6 ? `${names.slice(0, 6).join(', ')} +${names.length - 6} more` : names.join(', ');
}

/**
 * Two versions side by side, row by row: what model, how good (mean ± std
 * across folds, and on the test split), what it takes as input, how it was
 * set up (from the runs, when known) and where its data came from.
 */
export function compareRows(a: ModelVersion, b: ModelVersion, runA?: TrainRunSummary, runB?: TrainRunSummary): CompareRow[] {
  const rows: CompareRow[] = [
    // Which version and when: always different, never a finding.
    { ...row('Model', 'Version', `v${a.version}`, `v${b.version}`), differs: false },
    row('Model', 'Stage', a.stage, b.stage),
    row('Model', 'Run', `run #${a.runId}`, `run #${b.runId}`),
    row('Model', 'Model kind', registeredModelLabels[a.model], registeredModelLabels[b.model]),
    row('Model', 'Task → target', `${a.task} → ${a.target}`, `${b.task} → ${b.target}`),
    { ...row('Model', 'Registered', a.createdAt.slice(0, 16).replace('T', ' '), b.createdAt.slice(0, 16).replace('T', ' ')), differs: false },
  ];
  for (const m of metricOrder(a, b)) rows.push(row('Cross-validated', metricLabel(m), formatMeanStd(a.metrics[m]), formatMeanStd(b.metrics[m])));
  const testNames = [...new Set([...Object.keys(a.test ?? {}), ...Object.keys(b.test ?? {})])];
  const order = metricOrder(a, b);
  testNames.sort((x, y) => (order.indexOf(x) + 1 || 999) - (order.indexOf(y) + 1 || 999));
  for (const m of testNames) rows.push(row('Test split', metricLabel(m), formatNumber(a.test?.[m]), formatNumber(b.test?.[m])));

  const diff = schemaDiff(a.inputSchema, b.inputSchema);
  rows.push(row('Input schema', 'Columns', String(a.inputSchema.length), String(b.inputSchema.length)));
  rows.push({ section: 'Input schema', label: 'Only in one', a: list(diff.onlyA), b: list(diff.onlyB), differs: diff.onlyA.length + diff.onlyB.length > 0 });
  if (diff.kindChanged.length > 0) rows.push({ section: 'Input schema', label: 'Kind changed', a: list(diff.kindChanged), b: list(diff.kindChanged), differs: true });

  if (runA || runB) {
    const names = [...new Set([...Object.keys(runA?.params ?? {}), ...Object.keys(runB?.params ?? {})])].sort();
    for (const p of names) rows.push(row('Parameters', p, paramText(runA?.params[p]), paramText(runB?.params[p])));
    const prep = (r: TrainRunSummary | undefined): string =>
      r ? `${r.spec.preprocess.scaling} scaling, ${r.spec.preprocess.encoding}, ${r.spec.preprocess.numericImpute} impute${r.spec.preprocess.pca ? ', PCA' : ''}` : '—';
    rows.push(row('Parameters', 'Preprocessing', prep(runA), prep(runB)));
    rows.push(row('Parameters', 'Imbalance', runA?.spec.imbalance ?? '—', runB?.spec.imbalance ?? '—'));
    rows.push(row('Parameters', 'Seed', runA ? String(runA.spec.seed) : '—', runB ? String(runB.spec.seed) : '—'));
  }

  rows.push(row('Data lineage', 'Dataset', a.lineage.datasetName, b.lineage.datasetName));
  rows.push(row('Data lineage', 'Source', a.lineage.source, b.lineage.source));
  rows.push(row('Data lineage', 'sha256', a.lineage.sha256?.slice(0, 16) ?? '—', b.lineage.sha256?.slice(0, 16) ?? '—'));
  return rows;
}

/** The model's name a run proposes: dataset and target, cleaned to what a model name may hold. */
export function defaultModelName(datasetName: string, target: string): string {
  const clean = (s: string): string => s.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/-+$/, '');
  const name = [clean(datasetName), clean(target)].filter(Boolean).join('-').slice(0, 64);
  return name || 'model';
}

/** Why a name will be refused, or null: the host's own rule, checked as the user types. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Give the model a name.';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name.trim())) return 'Use letters, digits, "-", "_" or "." (up to 64, starting with a letter or digit).';
  return null;
}

/** The production version of a model, else null. */
export function versionIn(versions: readonly ModelVersion[], stage: Stage): ModelVersion | null {
  return versions.find((v) => v.stage === stage) ?? null;
}

/** The metrics a versions table shows: the first two main metrics the version has. */
export function headlineMetrics(v: ModelVersion, count = 2): string[] {
  return mainMetrics(taskOf(v)).filter((m) => v.metrics[m] !== undefined).slice(0, count);
}
