/**
 * One door from stored model JSON back to a working model, so the train job,
 * prediction and serving need not know every learner's class.
 */
import { KNearestNeighbours } from './knn/knn';
import { Lasso } from './linear/lasso';
import { LinearRegression } from './linear/linear-regression';
import { LogisticRegression } from './linear/logistic';
import { Ridge } from './linear/ridge';
import { LinearSvm } from './linear/svm';
import type { Model, ModelJSON } from './model';
import { Mlp } from './mlp/mlp';
import type { Tf } from './mlp/network';

export type ModelType = 'logreg' | 'linear' | 'ridge' | 'lasso' | 'svm' | 'knn' | 'mlp';

/** `tf` is only used by 'mlp' (the namespace whose backend the worker picked). */
export function restoreModel(json: ModelJSON, tf?: Tf): Model {
  switch (json.type as ModelType) {
    case 'logreg': return LogisticRegression.fromJSON(json);
    case 'linear': return LinearRegression.fromJSON(json);
    case 'ridge': return Ridge.fromJSON(json);
    case 'lasso': return Lasso.fromJSON(json);
    case 'svm': return LinearSvm.fromJSON(json);
    case 'knn': return KNearestNeighbours.fromJSON(json);
    case 'mlp': return tf ? Mlp.fromJSON(json, tf) : Mlp.fromJSON(json);
    default: throw new Error(`Unknown model type "${json.type}".`);
  }
}
