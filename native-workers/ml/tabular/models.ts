/**
 * Every learner by its ModelKind: built from snake_case parameters (as the UI,
 * the CLI's --param and stored specs spell them) and restored from its JSON.
 */
import { loopParams, modelParams, type ModelKind, type ParamValue, type Task } from '../../../preload/contract/train';
import { KNearestNeighbours } from './knn/knn';
import { Lasso } from './linear/lasso';
import { LinearRegression } from './linear/linear-regression';
import { LogisticRegression } from './linear/logistic';
import { Ridge } from './linear/ridge';
import { LinearSvm } from './linear/svm';
import { Mlp } from './mlp/mlp';
import type { Tf } from './mlp/network';
import type { Model, ModelJSON } from './model';
import { DecisionTree, GradientBoosting, RandomForest, treeModelFromJSON, type GbdtRuntime, type HistogramBuilder } from './trees';


export function checkParams(kind: ModelKind, params: Readonly<Record<string, ParamValue>>): void {
  const allowed = modelParams[kind];
  const unknown = Object.keys(params).filter((p) => !allowed.includes(p) && !loopParams.includes(p));
  if (unknown.length) {
    throw new Error(`${kind} has no parameter ${unknown.map((u) => `"${u}"`).join(', ')}; it takes ${allowed.length ? allowed.join(', ') : 'none'}.`);
  }
}

function camel(params: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(params)) if (!loopParams.includes(k)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** `hidden` arrives as "64,32" (CLI) or a number. */
function mlpParams(p: Record<string, ParamValue>): Record<string, unknown> {
  const { hidden, ...rest } = p;
  if (hidden === undefined) return rest;
  const layers = String(hidden).split(/[,x ]+/).filter(Boolean).map(Number);
  if (layers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`hidden takes layer sizes such as 64,32, not ${hidden}.`);
  return { ...rest, hidden: layers };
}

/** What the worker lends a learner at run time (never stored): the tfjs namespace whose backend it picked, a threaded histogram builder. */
export interface ModelRuntime {
  readonly tf?: Tf;
  readonly histogramBuilder?: HistogramBuilder;
  /** Gradient boosting on a WebGPU device (runtime/gpu-trees.ts); its fit is then awaited. */
  readonly gpu?: GbdtRuntime['gpu'];
}

export function createModel(kind: ModelKind, task: Task, params: Readonly<Record<string, ParamValue>>, runtime: ModelRuntime = {}): Model {
  checkParams(kind, params);
  const p = camel(params);
  const classification = task !== 'regression';
  const needs = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(what);
  };
  switch (kind) {
    case 'gbdt':
      return new GradientBoosting(p, runtime.gpu ? { gpu: runtime.gpu } : runtime.histogramBuilder ? { histogramBuilder: runtime.histogramBuilder } : {});
    case 'rf':
      return new RandomForest(p);
    case 'tree':
      return new DecisionTree(p);
    case 'logreg':
      needs(classification, 'Logistic regression predicts classes, but this target is numeric (regression). Choose linear, ridge or lasso regression.');
      return new LogisticRegression(p);
    case 'svm':
      needs(classification, 'The linear SVM predicts classes, but this target is numeric (regression). Choose ridge or lasso regression.');
      return new LinearSvm(p);
    case 'linear':
      needs(!classification, 'Linear regression predicts numbers, but this target has classes. Choose logistic regression.');
      return new LinearRegression();
    case 'ridge':
      needs(!classification, 'Ridge regression predicts numbers, but this target has classes. Choose logistic regression.');
      return new Ridge(p);
    case 'lasso':
      needs(!classification, 'Lasso regression predicts numbers, but this target has classes. Choose logistic regression (penalty l1).');
      return new Lasso(p);
    case 'knn':
      return new KNearestNeighbours(p);
    case 'mlp':
      return runtime.tf ? new Mlp(mlpParams(p), runtime.tf) : new Mlp(mlpParams(p));
  }
}

export function loadModel(json: ModelJSON, runtime: ModelRuntime = {}): Model {
  switch (json.type) {
    case 'gbdt':
    case 'rf':
    case 'tree':
      return treeModelFromJSON(json, runtime.histogramBuilder ? { histogramBuilder: runtime.histogramBuilder } : {});
    case 'logreg':
      return LogisticRegression.fromJSON(json);
    case 'svm':
      return LinearSvm.fromJSON(json);
    case 'linear':
      return LinearRegression.fromJSON(json);
    case 'ridge':
      return Ridge.fromJSON(json);
    case 'lasso':
      return Lasso.fromJSON(json);
    case 'knn':
      return KNearestNeighbours.fromJSON(json);
    case 'mlp':
      return runtime.tf ? Mlp.fromJSON(json, runtime.tf) : Mlp.fromJSON(json);
    default:
      throw new Error(`Unknown model type "${json.type}": this project was made by a newer Assay.`);
  }
}
