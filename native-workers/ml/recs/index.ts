/** Recommenders from user–item interactions: data, models, evaluation (pure; the job in native-workers/jobs/recs/ runs them). */
export type { Csr } from './csr';
export { buildInteractions, type Feedback, type InteractionColumns, type InteractionMatrix, type InteractionOptions, type Rejected } from './interactions';
export { summarize, type InteractionSummary } from './summary';
export { queryOf, type TrainStep, type UserQuery } from './query';
export { topK, type Ranked } from './topk';
export { foldIn, trainAls, type AlsInit, type AlsModel, type AlsParams } from './als';
export type { BprModel } from './bpr';
export type { ContentModel, ItemMetadata, MetadataColumn } from './content';
export type { HybridModel } from './hybrid';
export type { ItemKnnModel } from './itemknn';
export type { PopularModel } from './popular';
export {
  checkParams,
  isColdStart,
  recommend,
  recsModelKinds,
  recsParamNames,
  scoreInto,
  trainModel,
  type Recommendation,
  type RecommendOptions,
  type RecommendResult,
  type RecsModel,
  type RecsModelKind,
  type RecsParams,
} from './model';
export { holdout, type Holdout, type HoldoutSpec } from './holdout';
export { rankingMetrics, userMetrics, type RankingMetrics, type UserMetrics } from './metrics';
export { evaluate, evaluationUsers, type Evaluation, type EvaluateOptions } from './evaluate';
export { arrayBytes, arrayFromBytes, artifactFromParts, artifactParts, dtypeOf, modelFromParts, modelParts, type ModelParts, type RecsArtifact, type StoredArray } from './serialize';
export { RecsInputError } from './errors';
