import type { BackendInfo, ColumnInfo, ColumnType } from '../../../preload/contract';
import {
  classifierKinds,
  loopParams,
  modelParams,
  parseParamValue,
  regressorKinds,
  type ImbalanceKind,
  type ModelKind,
  type ParamValue,
  type SearchSpec,
  type ThresholdRule,
  type PreprocessOptions,
  type Task,
  type TrainDevice,
  type TrainSpec,
  type ValidationKind,
  type ValidationSpec,
} from '../../../preload/contract/train';
import type { ClassCount } from '../../../preload/contract/positive-class';
import { positiveChoice } from './positive-class';

/**
 * The setup form's state. Numbers stay text while edited (an empty box is not
 * a zero); buildSpec turns the draft into a TrainSpec or says what is missing.
 */
export interface TrainDraft {
  readonly datasetId: number | null;
  readonly target: string;
  /** null = the host's default: every column but the target, minus id-like and constant ones. */
  readonly features: readonly string[] | null;
  readonly task: Task | 'auto';
  readonly model: ModelKind;
  /** 'auto' = stratified k-fold for classification, k-fold for regression (settled by the host). */
  readonly validation: ValidationKind | 'auto';
  readonly k: string;
  readonly repeats: string;
  readonly fraction: string;
  readonly groupColumn: string;
  readonly timeColumn: string;
  readonly testSize: string;
  readonly imbalance: ImbalanceKind;
  readonly pca: 'off' | 'k' | 'variance';
  readonly pcaK: string;
  readonly pcaVariance: string;
  readonly scaling: PreprocessOptions['scaling'];
  readonly seed: string;
  /** Learner parameters as typed: `max_depth=4; learning_rate=0.05`. */
  readonly params: string;
  /** Where gradient boosting runs (the `device` parameter; cpu is the default and is not sent). */
  readonly device: TrainDevice;
  readonly threshold: 'max_f1' | 'default' | 'cost';
  /** Binary: the positive class as picked; '' = the default (an event name, else the minority class). */
  readonly positive: string;
  /** Cost of a missed positive over a false alarm (threshold 'cost'). */
  readonly costRatio: string;
  readonly search: 'off' | 'grid' | 'random';
  /** Candidates per parameter: `max_depth=3,6; learning_rate=0.05,0.1`. */
  readonly space: string;
  readonly iterations: string;
  /** Where folds and trials run: '' = the default executor (Compute), else 'local' or an executor's name. */
  readonly executor: string;
}

export const emptyDraft: TrainDraft = {
  datasetId: null,
  target: '',
  features: null,
  task: 'auto',
  model: 'gbdt',
  validation: 'auto',
  k: '5',
  repeats: '3',
  fraction: '0.2',
  groupColumn: '',
  timeColumn: '',
  testSize: '0.2',
  imbalance: 'none',
  pca: 'off',
  pcaK: '10',
  pcaVariance: '0.95',
  scaling: 'standard',
  seed: '42',
  executor: '',
  params: '',
  device: 'cpu',
  threshold: 'max_f1',
  positive: '',
  costRatio: '5',
  search: 'off',
  space: '',
  iterations: '10',
};

const targetNames = /^(target|label|class|y|outcome|churn|default)$/i;

/** A fresh draft for a dataset: its settings kept, its columns reset (a target named like one is preselected). */
export function draftForDataset(draft: TrainDraft, datasetId: number, columns: readonly ColumnInfo[]): TrainDraft {
  const target = columns.find((c) => targetNames.test(c.name))?.name ?? '';
  return { ...draft, datasetId, target, features: null, groupColumn: '', timeColumn: '', positive: '' };
}

/** Picks a target; it leaves the feature list and the group/time columns. */
export function withTarget(draft: TrainDraft, target: string): TrainDraft {
  return {
    ...draft,
    target,
    positive: '',
    features: draft.features === null ? null : draft.features.filter((f) => f !== target),
    groupColumn: draft.groupColumn === target ? '' : draft.groupColumn,
    timeColumn: draft.timeColumn === target ? '' : draft.timeColumn,
  };
}

/** Every column but the target, in dataset order: what the checklist lists. */
export function candidateFeatures(columns: readonly ColumnInfo[], target: string): string[] {
  return columns.map((c) => c.name).filter((n) => n !== target);
}

export function isChecked(draft: TrainDraft, column: string): boolean {
  return draft.features === null || draft.features.includes(column);
}

/** Ticks or unticks one feature; the first change turns "default" into an explicit list. */
export function toggleFeature(draft: TrainDraft, columns: readonly ColumnInfo[], column: string): TrainDraft {
  const all = candidateFeatures(columns, draft.target);
  const current = draft.features ?? all;
  const next = current.includes(column) ? current.filter((f) => f !== column) : all.filter((f) => f === column || current.includes(f));
  return { ...draft, features: next };
}

/** What the form knows of the task: a task, "some classification" (a text target), or nothing yet. */
export type TaskGuess = Task | 'classification' | null;

/** The task the form assumes for picking models: the chosen one, else a guess from the target's type. */
export function guessTask(type: ColumnType | undefined, distinct: number | null): TaskGuess {
  if (type === undefined) return null;
  if (type === 'boolean') return 'binary';
  // Text cannot be regressed on: it is a classification whatever its count of classes.
  if (type === 'text' || type === 'categorical' || type === 'date' || type === 'datetime' || type === 'id') return distinct === null ? 'classification' : distinct <= 2 ? 'binary' : 'multiclass';
  if (distinct !== null && distinct <= 2) return 'binary';
  // An integer column with many values could be either; the host decides.
  return type === 'number' ? 'regression' : null;
}

export function effectiveTask(draft: TrainDraft, type: ColumnType | undefined, distinct: number | null): TaskGuess {
  return draft.task === 'auto' ? guessTask(type, distinct) : draft.task;
}

export function isClassification(task: TaskGuess): boolean {
  return task === 'binary' || task === 'multiclass' || task === 'classification';
}

/** Models that can run the task; with an unknown task, the ones that fit both classification and regression. */
export function modelsFor(task: TaskGuess): readonly ModelKind[] {
  if (task === null) return classifierKinds.filter((k) => regressorKinds.includes(k));
  return isClassification(task) ? classifierKinds : regressorKinds;
}

export const validationLabels: Readonly<Record<ValidationKind, string>> = {
  stratified: 'Stratified k-fold',
  kfold: 'k-fold',
  repeated: 'Repeated k-fold',
  group: 'Group k-fold',
  timeseries: 'Time-series split',
  holdout: 'Holdout',
};

export function validationKindsFor(task: TaskGuess): readonly ValidationKind[] {
  const all: readonly ValidationKind[] = ['stratified', 'kfold', 'repeated', 'group', 'timeseries', 'holdout'];
  return task === 'regression' ? all.filter((k) => k !== 'stratified') : all;
}

/** Keeps the model and validation valid when the task changes. */
export function fitToTask(draft: TrainDraft, task: TaskGuess): TrainDraft {
  const models = modelsFor(task);
  const model = models.includes(draft.model) ? draft.model : (models[0] ?? 'gbdt');
  const validation = draft.validation === 'auto' || validationKindsFor(task).includes(draft.validation) ? draft.validation : 'auto';
  const imbalance = task === 'regression' ? 'none' : draft.imbalance;
  if (model === draft.model && validation === draft.validation && imbalance === draft.imbalance) return draft;
  return { ...draft, model, validation, imbalance };
}

export type BuildResult = { readonly ok: true; readonly spec: TrainSpec } | { readonly ok: false; readonly reason: string };

function num(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function validationOf(draft: TrainDraft): Partial<ValidationSpec> | string {
  const k = num(draft.k);
  const kind = draft.validation;
  if (kind === 'holdout') {
    const fraction = num(draft.fraction);
    if (fraction === null || fraction <= 0 || fraction >= 1) return 'The holdout fraction must be between 0 and 1 (e.g. 0.2).';
    return { kind, fraction };
  }
  if (k === null || !Number.isInteger(k) || k < 2 || k > 50) return 'The number of folds must be a whole number from 2 to 50.';
  if (kind === 'auto') return { k };
  if (kind === 'repeated') {
    const repeats = num(draft.repeats);
    if (repeats === null || !Number.isInteger(repeats) || repeats < 1 || repeats > 20) return 'Repeats must be a whole number from 1 to 20.';
    return { kind, k, repeats };
  }
  if (kind === 'group') {
    if (draft.groupColumn === '') return 'Group k-fold needs a group column: rows sharing its value stay in one fold.';
    return { kind, k, groupColumn: draft.groupColumn };
  }
  if (kind === 'timeseries') return draft.timeColumn === '' ? { kind, k } : { kind, k, timeColumn: draft.timeColumn };
  return { kind, k };
}

function pcaOf(draft: TrainDraft): PreprocessOptions['pca'] | string {
  if (draft.pca === 'off') return null;
  if (draft.pca === 'k') {
    const k = num(draft.pcaK);
    if (k === null || !Number.isInteger(k) || k < 1) return 'PCA needs a whole number of components (1 or more).';
    return { k };
  }
  const variance = num(draft.pcaVariance);
  if (variance === null || variance <= 0 || variance > 1) return 'PCA variance must be a fraction above 0 and at most 1 (e.g. 0.95).';
  return { variance };
}

/** `name=value; name=value` (or one per line) into pairs, or why not. */
function assignments(text: string, what: string): [string, string][] | string {
  const out: [string, string][] = [];
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return `${what}: write name=value, separated by ";" (got "${part}").`;
    out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

function paramsOf(draft: TrainDraft): Record<string, ParamValue> | string {
  const pairs = assignments(draft.params, 'Parameters');
  if (typeof pairs === 'string') return pairs;
  const allowed = [...modelParams[draft.model], ...loopParams];
  const unknown = pairs.filter(([name]) => !allowed.includes(name)).map(([name]) => name);
  if (unknown.length) return `${unknown.join(', ')}: not a parameter of this model (it takes ${modelParams[draft.model].join(', ') || 'none'}).`;
  const params: Record<string, ParamValue> = Object.fromEntries(pairs.map(([name, v]) => [name, parseParamValue(v)]));
  if (draft.model !== 'gbdt' || draft.device === 'cpu') return params;
  if (params['device'] !== undefined && params['device'] !== draft.device) {
    return `Parameters say device=${String(params['device'])} and Training device says ${draft.device}: remove one.`;
  }
  return { ...params, device: draft.device };
}

/**
 * What the Training device field says about the GPU here: the adapter tfjs runs on, or why there is
 * none (the webgpu backend's failure as the backend order recorded it).
 */
export function gpuHint(backend: BackendInfo | null): string {
  if (!backend) return 'Checking for a GPU…';
  if (backend.gpu) return `GPU: ${backend.gpu.adapter}${backend.gpu.software ? ' (software, slower than the CPU)' : ''}. Auto uses it for large tables.`;
  const webgpu = backend.tried.find((t) => t.name === 'webgpu');
  return `No GPU for training here${webgpu ? ` (${webgpu.error})` : ''}: gpu fails and says why, auto trains on the CPU.`;
}

function searchOf(draft: TrainDraft): SearchSpec | null | string {
  if (draft.search === 'off') return null;
  const pairs = assignments(draft.space, 'Search space');
  if (typeof pairs === 'string') return pairs;
  if (pairs.length === 0) return 'The search needs candidates, e.g. max_depth=3,6; learning_rate=0.05,0.1.';
  const unknown = pairs.filter(([name]) => !modelParams[draft.model].includes(name)).map(([name]) => name);
  if (unknown.length) return `${unknown.join(', ')}: not a parameter of this model (it takes ${modelParams[draft.model].join(', ') || 'none'}).`;
  const space = Object.fromEntries(pairs.map(([name, v]) => [name, v.split(',').map(parseParamValue)]));
  if (draft.search === 'grid') return { kind: 'grid', space };
  const iterations = num(draft.iterations);
  if (iterations === null || !Number.isInteger(iterations) || iterations < 1) return 'Random search needs a whole number of tries (1 or more).';
  return { kind: 'random', space, iterations };
}

/** The rule, or (as `error`) why the typed cost ratio is no rule: the rule itself may be a string. */
function thresholdOf(draft: TrainDraft): { readonly rule: ThresholdRule } | { readonly error: string } {
  if (draft.threshold !== 'cost') return { rule: draft.threshold };
  const costRatio = num(draft.costRatio);
  if (costRatio === null || costRatio <= 0) return { error: 'The cost ratio must be a positive number (e.g. 5: a missed positive costs five false alarms).' };
  return { rule: { costRatio } };
}

/**
 * The TrainSpec the form describes, or why there is none yet (shown beside the disabled Start button).
 * `classes`: the binary target's classes when known (the profile), so the positive class the form shows is the one sent.
 */
export function buildSpec(draft: TrainDraft, columns: readonly ColumnInfo[] | null, task: TaskGuess, classes: readonly ClassCount[] | null = null): BuildResult {
  if (draft.datasetId === null || columns === null) return { ok: false, reason: 'Pick a dataset to train on.' };
  if (draft.target === '' || !columns.some((c) => c.name === draft.target)) return { ok: false, reason: 'Pick a target column: the one the model should predict.' };
  if (draft.features !== null && draft.features.length === 0) return { ok: false, reason: 'Tick at least one feature column.' };
  const validation = validationOf(draft);
  if (typeof validation === 'string') return { ok: false, reason: validation };
  const testSize = num(draft.testSize);
  if (testSize === null || testSize < 0 || testSize >= 0.9) return { ok: false, reason: 'Test size must be a fraction from 0 (no test split) to below 0.9.' };
  const pca = pcaOf(draft);
  if (typeof pca === 'string') return { ok: false, reason: pca };
  const seed = num(draft.seed);
  if (seed === null || !Number.isInteger(seed) || seed < 0) return { ok: false, reason: 'The seed must be a whole number (0 or more).' };
  if (!modelsFor(task).includes(draft.model)) return { ok: false, reason: 'This model cannot run the chosen task; pick another model.' };
  const params = paramsOf(draft);
  if (typeof params === 'string') return { ok: false, reason: params };
  const search = searchOf(draft);
  if (typeof search === 'string') return { ok: false, reason: search };
  const threshold = thresholdOf(draft);
  if ('error' in threshold) return { ok: false, reason: threshold.error };
  const spec: TrainSpec = {
    datasetId: draft.datasetId,
    target: draft.target,
    ...(draft.features === null ? {} : { features: [...draft.features] }),
    task: draft.task,
    model: draft.model,
    validation,
    testSize,
    ...(isClassification(task) ? { imbalance: draft.imbalance } : {}),
    preprocess: { scaling: draft.scaling, pca },
    ...(Object.keys(params).length ? { params } : {}),
    ...(search ? { search } : {}),
    ...(task === 'binary' || task === 'classification' ? { threshold: threshold.rule } : {}),
    ...(task !== 'multiclass' && task !== 'regression' && classes ? { positive: positiveChoice(classes, draft.positive).value } : {}),
    seed,
    ...(draft.executor ? { executor: draft.executor } : {}),
  };
  return { ok: true, spec };
}
