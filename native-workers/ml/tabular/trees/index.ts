/** The tree learners' public surface: models, their parameters and restoring any of them from JSON. */
import type { ModelJSON } from '../model';
import { DecisionTree } from './cart';
import { RandomForest } from './forest';
import { GradientBoosting, type GbdtRuntime } from './gbdt';

export { DecisionTree, type DecisionTreeJSON } from './cart';
export type { CartCriterionName, CartParams } from './cart-common';
export { RandomForest, featuresPerNode, type ForestParams, type MaxFeatures, type RandomForestJSON } from './forest';
export { GradientBoosting, type GbdtJSON, type GbdtParams, type GbdtRuntime } from './gbdt';
export { binMatrix, fitBinEdges, applyBins, type BinnedMatrix, type BinEdges, type BinningOptions } from './binning';
export type { HistogramBuilder, HistogramTask } from './histogram';
export { SequentialHistogramBuilder } from './histogram';

export type TreeModel = GradientBoosting | DecisionTree | RandomForest;

/** Restores a stored 'gbdt', 'tree' or 'rf' model. */
export function treeModelFromJSON(json: ModelJSON, runtime: GbdtRuntime = {}): TreeModel {
  switch (json.type) {
    case 'gbdt':
      return GradientBoosting.fromJSON(json, runtime);
    case 'tree':
      return DecisionTree.fromJSON(json);
    case 'rf':
      return RandomForest.fromJSON(json);
    default:
      throw new Error(`Not a tree model: ${json.type}.`);
  }
}
