import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import {
  describeDerived,
  modelKinds,
  parseParamValue,
  trainDevices,
  type ImbalanceKind,
  type ModelKind,
  type ParamValue,
  type PreprocessOptions,
  type SearchSpec,
  type ThresholdRule,
  type TrainRunSummary,
  type TrainSpec,
  type ValidationKind,
  metricThresholds,
  positiveClass,
} from '../../preload/contract/train';
import { isThresholdDependent } from '../../preload/contract/metrics';
import type { Host } from '../host/host';
import { listImageRuns } from '../../native-workers/project/images';
import { listDatasets } from '../../native-workers/project/datasets';
import { cliHost, positiveNumber, progressPrinter, UsageError } from './common';
import { plural } from '../../preload/contract/plural';

export const trainUsage = `  assay train FILE.assay --dataset NAME --target COL [--task auto|binary|multiclass|regression]
              [--model ${modelKinds.join('|')}] [--cv K] [--stratify]
              [--validation kfold|stratified|repeated|group|timeseries|holdout] [--group COL] [--time COL]
              [--test-size F] [--imbalance none|weights|over|under|smote] [--pca K|FRACTION]
              [--features A,B,…] [--param NAME=VALUE]… [--threshold max_f1|default|cost:RATIO] [--positive LABEL]
              [--seed S] [--executor local|NAME] [--device cpu|gpu|auto] [--json]
              [--search grid|random --space NAME=V1,V2,…… [--iterations N] [--inner-k K]]
      cross-validates (stratified k-fold by default for classification), refits on all
      training rows and scores the untouched test split; prints metrics as {name: {mean, std, folds}};
      binary: --positive names the positive class (default: a label such as yes/true/1/churn/fraud/bad,
      else the minority class); precision, recall, F1 and the other decision metrics of folds and test
      are computed at the chosen threshold (metricThresholds in --json)
      --search tunes parameters by nested CV (inner folds inside each outer training fold)
      --executor runs the folds and search trials on a cluster executor of ~/.config/assay/compute.json
      (or $ASSAY_HOME/config/compute.json: SLURM, Kubernetes, AWS Batch); default: its defaultExecutor
      --device (gbdt): cpu (default); gpu boosts with WebGPU compute shaders and fails, saying why, where
      no GPU adapter exists (assay info shows the adapter); auto takes the GPU for large tables where one does
  assay replay FILE.assay RUN_ID [--json]
      re-runs a stored training run on a copy of the project and reports any difference`;

const tasks = ['auto', 'binary', 'multiclass', 'regression'] as const;
const validations: readonly ValidationKind[] = ['kfold', 'stratified', 'repeated', 'group', 'timeseries', 'holdout'];
const imbalances: readonly ImbalanceKind[] = ['none', 'weights', 'over', 'under', 'smote'];

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not ${value}`);
  return value as T;
}

function thresholdRule(raw: string | undefined): ThresholdRule | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'max_f1' || raw === 'default') return raw;
  const m = /^cost:(\d+(?:\.\d+)?)$/.exec(raw);
  if (!m) throw new UsageError(`--threshold must be max_f1, default or cost:RATIO (cost of a missed positive over a false alarm), not ${raw}`);
  return { costRatio: Number(m[1]) };
}

/** --search grid|random with --space NAME=V1,V2… per parameter: nested CV picks the best per fold. */
function searchSpec(kind: string | undefined, space: readonly string[], iterations: number | undefined, innerK: number | undefined): SearchSpec | undefined {
  if (kind === undefined) {
    if (space.length) throw new UsageError('--space needs --search grid or --search random');
    return undefined;
  }
  const k = oneOf('--search', kind, ['grid', 'random'] as const)!;
  if (space.length === 0) throw new UsageError('--search needs at least one --space NAME=V1,V2,…');
  const values: Record<string, ParamValue[]> = {};
  for (const s of space) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--space takes NAME=V1,V2,…, not ${s}`);
    values[s.slice(0, eq)] = s.slice(eq + 1).split(',').map(parseParamValue);
  }
  if (innerK !== undefined && (!Number.isInteger(innerK) || innerK < 2)) throw new UsageError('--inner-k must be a whole number of folds, at least 2');
  return { kind: k, space: values, ...(iterations !== undefined ? { iterations } : {}), ...(innerK !== undefined ? { innerK } : {}) };
}

/** Builds the spec exactly as the UI would, so a CLI run replays like any other. */
export function trainSpecFromArgs(args: string[]): { project: string; dataset: string; spec: Omit<TrainSpec, 'datasetId'>; json: boolean } {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      target: { type: 'string' },
      task: { type: 'string' },
      model: { type: 'string' },
      cv: { type: 'string' },
      stratify: { type: 'boolean' },
      validation: { type: 'string' },
      group: { type: 'string' },
      time: { type: 'string' },
      repeats: { type: 'string' },
      'test-size': { type: 'string' },
      imbalance: { type: 'string' },
      pca: { type: 'string' },
      features: { type: 'string' },
      param: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      positive: { type: 'string' },
      search: { type: 'string' },
      space: { type: 'string', multiple: true },
      iterations: { type: 'string' },
      'inner-k': { type: 'string' },
      seed: { type: 'string' },
      executor: { type: 'string' },
      device: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay train takes one FILE.assay');
  if (!values.dataset) throw new UsageError('assay train needs --dataset NAME');
  if (!values.target) throw new UsageError('assay train needs --target COLUMN');
  const k = positiveNumber('--cv', values.cv);
  if (k !== undefined && (!Number.isInteger(k) || k < 2)) throw new UsageError(`--cv must be a whole number of folds, at least 2, not ${values.cv}`);
  const testSize = positiveNumber('--test-size', values['test-size']);
  if (testSize !== undefined && testSize >= 1) throw new UsageError('--test-size is a fraction of the rows, below 1 (e.g. 0.2)');
  const seed = positiveNumber('--seed', values.seed);
  const repeats = positiveNumber('--repeats', values.repeats);
  const pcaRaw = positiveNumber('--pca', values.pca);
  const pca: PreprocessOptions['pca'] | undefined =
    pcaRaw === undefined ? undefined : pcaRaw > 0 && pcaRaw < 1 ? { variance: pcaRaw } : Number.isInteger(pcaRaw) && pcaRaw >= 1 ? { k: pcaRaw } : undefined;
  if (pcaRaw !== undefined && pca === undefined) throw new UsageError(`--pca takes a number of components (e.g. 5) or a variance fraction (e.g. 0.95), not ${values.pca}`);
  const kind = oneOf('--validation', values.validation, validations) ?? (values.stratify ? 'stratified' : values.group ? 'group' : values.time ? 'timeseries' : undefined);
  const params: Record<string, ParamValue> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes NAME=VALUE, not ${p}`);
    params[p.slice(0, eq)] = parseParamValue(p.slice(eq + 1));
  }
  const device = oneOf('--device', values.device, trainDevices);
  if (device !== undefined) {
    if (params['device'] !== undefined && params['device'] !== device) throw new UsageError(`--device ${device} and --param device=${String(params['device'])} disagree; give one`);
    params['device'] = device;
  }
  const threshold = thresholdRule(values.threshold);
  const search = searchSpec(values.search, values.space ?? [], positiveNumber('--iterations', values.iterations), positiveNumber('--inner-k', values['inner-k']));
  const spec: Omit<TrainSpec, 'datasetId'> = {
    target: values.target,
    ...(values.features ? { features: values.features.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
    task: oneOf('--task', values.task, tasks) ?? 'auto',
    model: oneOf<ModelKind>('--model', values.model, modelKinds) ?? 'gbdt',
    ...(Object.keys(params).length ? { params } : {}),
    ...(pca ? { preprocess: { pca } } : {}),
    validation: {
      ...(kind ? { kind } : {}),
      ...(k !== undefined ? { k } : {}),
      ...(repeats !== undefined ? { repeats } : {}),
      ...(values.group ? { groupColumn: values.group } : {}),
      ...(values.time ? { timeColumn: values.time } : {}),
    },
    ...(testSize !== undefined ? { testSize } : {}),
    ...(values.imbalance ? { imbalance: oneOf('--imbalance', values.imbalance, imbalances) } : {}),
    ...(threshold ? { threshold } : {}),
    ...(values.positive !== undefined ? { positive: values.positive } : {}),
    ...(search ? { search } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.executor ? { executor: values.executor } : {}),
  };
  return { project: positionals[0]!, dataset: values.dataset, spec, json: values.json === true };
}

/** What `--json` prints: stable, snake_case metric names. */
export function runJson(s: TrainRunSummary): Record<string, unknown> {
  return {
    runId: s.runId,
    status: s.status,
    task: s.task,
    model: s.spec.model,
    dataset: s.datasetName,
    target: s.spec.target,
    validation: s.validation,
    features: s.features,
    excluded: s.excluded,
    classes: s.classes,
    positive: positiveClass(s),
    derived: s.derived ?? [],
    metrics: s.metrics,
    test: s.test,
    threshold: s.threshold,
    // Which threshold each number used: the threshold-dependent metrics at metricThresholds, the rest at none.
    metricThresholds: metricThresholds(s),
    thresholdDependent: s.task === 'binary' ? Object.keys(s.metrics).filter(isThresholdDependent) : [],
    lint: s.lint,
    warnings: s.warnings,
    folds: s.folds.map((f) => ({ fold: f.fold, status: f.status, trainRows: f.trainRows, validationRows: f.validationRows, seconds: f.seconds, ...(f.params ? { params: f.params } : {}), error: f.error })),
    params: s.params,
    seed: s.spec.seed,
    seconds: s.seconds,
    timings: s.timings ?? null,
  };
}

/** The human-readable run: each threshold-dependent number says the threshold it used (`@0.237`). */
export function runText(s: TrainRunSummary): string {
  const lines = [`run ${s.runId}: ${s.spec.model} on "${s.datasetName}" → ${s.spec.target} (${s.task}), ${plural(s.folds.filter((f) => f.fold >= 0).length, 'fold')}`];
  const at = metricThresholds(s);
  const positive = positiveClass(s);
  if (positive !== null) lines.push(`  positive class: ${positive}`);
  if (at) lines.push(`  threshold ${at.test ?? at.folds} (${thresholdRuleText(s.spec.threshold)}); metrics marked @ are computed at it, the others need no threshold`);
  const mark = (name: string, t: number | null | undefined): string => (at && t !== null && t !== undefined && isThresholdDependent(name) ? ` @${formatThreshold(t)}` : '');
  for (const [name, m] of Object.entries(s.metrics)) lines.push(`  ${name.padEnd(18)} ${m.mean.toFixed(4)} ± ${m.std.toFixed(4)}${mark(name, at?.folds)}`);
  if (s.test) lines.push(`  test: ${Object.entries(s.test).map(([k, v]) => `${k} ${v.toFixed(4)}${mark(k, at?.test)}`).join(', ')}`);
  for (const d of s.derived ?? []) lines.push(`  features from ${describeDerived(d)}`);
  for (const l of s.lint) lines.push(`  ${l.severity}: ${l.message}`);
  for (const w of s.warnings) lines.push(`  note: ${w}`);
  return `${lines.join('\n')}\n`;
}

function formatThreshold(t: number): string {
  return String(Number(t.toPrecision(4)));
}

function thresholdRuleText(rule: ThresholdRule): string {
  if (rule === 'max_f1') return 'max F1 on the pooled validation predictions';
  if (rule === 'default') return 'fixed 0.5';
  return `lowest cost at ${rule.costRatio}:1 on the pooled validation predictions`;
}

async function trainAndWait(host: Host, spec: TrainSpec): Promise<TrainRunSummary> {
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress') print(host.jobs.get((payload as { jobId: string }).jobId));
  });
  const { runId, done } = host.train.start(spec);
  const stop = (): void => host.train.cancel(runId);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await done;
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

export async function cmdTrain(args: string[]): Promise<void> {
  const { project, dataset, spec, json } = trainSpecFromArgs(args);
  const host = cliHost();
  try {
    host.openProject(path.resolve(project));
    const all = listDatasets(host.currentProject!.db);
    const ds = all.find((d) => d.name === dataset) ?? all.find((d) => String(d.id) === dataset);
    if (!ds) throw new AssayError('NOT_FOUND', `No dataset "${dataset}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
    const summary = await trainAndWait(host, { ...spec, datasetId: ds.id });
    if (json) process.stdout.write(`${JSON.stringify(runJson(summary))}\n`);
    else if (summary.status === 'succeeded') process.stdout.write(runText(summary));
    if (summary.status !== 'succeeded') throw new AssayError(summary.status === 'cancelled' ? 'CANCELLED' : 'BAD_INPUT', summary.error ?? `Training ${summary.status}.`);
  } finally {
    await host.close();
  }
}

/**
 * Re-runs a stored run from its stored spec on a temporary copy of the
 * project, so replaying never changes the file (a reviewer's copy stays as it was).
 */
export async function cmdReplay(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay replay takes FILE.assay and RUN_ID');
  const runId = Number(positionals[1]);
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`RUN_ID must be a run number, not ${positionals[1]}`);
  const host = cliHost();
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress') print(host.jobs.get((payload as { jobId: string }).jobId));
  });
  const stop = (): void => {
    host.train.cancelReplay(runId);
    host.images.cancelReplay(runId);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    host.openProject(path.resolve(positionals[0]!), true);
    const image = listImageRuns(host.currentProject!.db).some((r) => r.runId === runId);
    const report = await (image ? host.images.replay(runId) : host.train.replay(runId));
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else
      process.stdout.write(
        report.identical
          ? `run ${runId} replayed: identical (${plural(report.compared, 'value')} compared)\n`
          : `run ${runId} replayed with ${report.differences.length} difference(s):\n${report.differences.map((d) => `  ${d.what}: stored ${d.stored}, replayed ${d.replayed}`).join('\n')}\n`,
      );
    if (!report.identical) process.exitCode = 1;
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await host.close();
  }
}
