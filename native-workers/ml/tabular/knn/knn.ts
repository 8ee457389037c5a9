/**
 * k-nearest neighbours (Euclidean, brute force), as sklearn's KNeighborsClassifier /
 * KNeighborsRegressor: classification probabilities are the (weighted) class
 * proportions among the k neighbours, regression the (weighted) mean.
 * 'distance' weights are 1/d; a query that coincides with training rows takes
 * only those rows (sklearn's rule). Sample weights, which sklearn's KNN ignores,
 * multiply each neighbour's vote here so class weights for imbalance still act.
 */
import { decodeF64, encodeF64, field, isNumber, isString } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON, Task } from '../model';
import { checkLabels } from '../linear/params';
import { nearest } from './neighbours';

export type KnnWeights = 'uniform' | 'distance';

export interface KnnParams {
  /** Neighbours per query, default 5. */
  readonly k?: number;
  /** Default 'uniform'. */
  readonly weights?: KnnWeights;
}

interface Fitted {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly sw: Float64Array | null;
  readonly task: Task;
  readonly nClasses: number;
}

export class KNearestNeighbours implements Model {
  readonly type = 'knn';
  readonly k: number;
  readonly weights: KnnWeights;
  private state: Fitted | null = null;

  constructor(params: KnnParams = {}) {
    this.k = params.k ?? 5;
    this.weights = params.weights ?? 'uniform';
    if (!Number.isInteger(this.k) || this.k < 1) throw new Error('k must be a positive integer.');
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    if (y.length !== X.rows || X.rows === 0) throw new Error(`${X.rows} rows but ${y.length} targets.`);
    const nClasses = opts.task === 'regression' ? 1 : Math.max(2, opts.nClasses);
    if (opts.task !== 'regression') checkLabels(y, nClasses);
    this.state = {
      X: { rows: X.rows, cols: X.cols, data: X.data.slice() },
      y: y.slice(),
      sw: opts.sampleWeight ? opts.sampleWeight.slice() : null,
      task: opts.task,
      nClasses,
    };
    opts.checkpoint?.(1);
  }

  predict(X: Matrix): Float64Array {
    const s = this.fitted();
    if (X.cols !== s.X.cols) throw new Error(`The model was trained on ${s.X.cols} columns, got ${X.cols}.`);
    const K = s.nClasses;
    const out = new Float64Array(X.rows * K);
    const votes = new Float64Array(this.k);
    for (let q = 0; q < X.rows; q++) {
      const nb = nearest(s.X.data, s.X.rows, s.X.cols, X.data, q * X.cols, this.k);
      const m = nb.index.length;
      const exact = this.weights === 'distance' && nb.distance[0] === 0;
      let total = 0;
      for (let t = 0; t < m; t++) {
        const base = this.weights === 'uniform' ? 1 : exact ? (nb.distance[t] === 0 ? 1 : 0) : 1 / nb.distance[t]!;
        votes[t] = base * (s.sw ? s.sw[nb.index[t]!]! : 1);
        total += votes[t]!;
      }
      if (!(total > 0)) {
        // Every neighbour carries zero sample weight: fall back to plain votes rather than 0/0.
        votes.fill(1);
        total = m;
      }
      if (s.task === 'regression') {
        let sum = 0;
        for (let t = 0; t < m; t++) sum += votes[t]! * s.y[nb.index[t]!]!;
        out[q] = sum / total;
      } else {
        for (let t = 0; t < m; t++) out[q * K + s.y[nb.index[t]!]!] += votes[t]! / total;
      }
    }
    return out;
  }

  toJSON(): ModelJSON {
    const s = this.fitted();
    return {
      type: this.type, k: this.k, weights: this.weights, task: s.task, nClasses: s.nClasses,
      rows: s.X.rows, cols: s.X.cols, X: encodeF64(s.X.data), y: encodeF64(s.y),
      ...(s.sw ? { sampleWeight: encodeF64(s.sw) } : {}),
    };
  }

  static fromJSON(json: ModelJSON): KNearestNeighbours {
    if (json.type !== 'knn') throw new Error(`Expected a knn model, got ${json.type}.`);
    const weights = field(json, 'weights', isString);
    if (weights !== 'uniform' && weights !== 'distance') throw new Error(`Unknown weights ${weights}.`);
    const task = field(json, 'task', isString);
    if (task !== 'binary' && task !== 'multiclass' && task !== 'regression') throw new Error(`Unknown task ${task}.`);
    const m = new KNearestNeighbours({ k: field(json, 'k', isNumber), weights });
    const rows = field(json, 'rows', isNumber);
    const cols = field(json, 'cols', isNumber);
    const data = decodeF64(field(json, 'X', isString));
    if (data.length !== rows * cols) throw new Error('Model JSON field "X" does not match rows × cols.');
    m.state = {
      X: { rows, cols, data },
      y: decodeF64(field(json, 'y', isString)),
      sw: typeof json['sampleWeight'] === 'string' ? decodeF64(json['sampleWeight']) : null,
      task,
      nClasses: field(json, 'nClasses', isNumber),
    };
    return m;
  }

  private fitted(): Fitted {
    if (!this.state) throw new Error('The knn model has not been fitted.');
    return this.state;
  }
}
