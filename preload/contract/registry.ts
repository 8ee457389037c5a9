/**
 * The model registry: named models with numbered, immutable versions, each
 * with its metrics, lineage, input schema and a model card; stages for
 * promotion and rollback. Pure, JSON-safe types.
 */
import type { BackboneInfo } from './images';
import type { RecsMetricSet, RecsModelKind } from './recs';
import { modelLabels, type MetricSummary, type ModelKind, type Task } from './train';

export type Stage = 'none' | 'staging' | 'production';

export interface ModelCard {
  readonly intendedUse: string;
  readonly data: string;
  readonly metrics: string;
  readonly limits: string;
}

export interface InputColumn {
  readonly name: string;
  /** A date is sent as ISO 8601 text ("2024-03-01"); the model derives its calendar parts itself. */
  readonly kind: 'numeric' | 'categorical' | 'date';
}

/** What a registered version holds: a tabular learner, an image classifier (backbone + head) or a recommender. */
export type VersionKind = 'tabular' | 'image' | 'recs';

/** The model column of a version: a tabular learner kind, `image` for an image classifier, `recommender`. */
export type RegisteredModelKind = ModelKind | 'image' | 'recommender';

export const registeredModelLabels: Readonly<Record<RegisteredModelKind, string>> = { ...modelLabels, image: 'Image classifier', recommender: 'Recommender' };

/** What a recommender version adds: its algorithm, the interactions it learned and its holdout metrics. */
export interface RecsVersionInfo {
  readonly algorithm: RecsModelKind;
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
  /** K of `metrics`; null when the run did not evaluate. */
  readonly k: number | null;
  readonly metrics: RecsMetricSet | null;
}

/** What an image version adds: the network's input and the image set it learned from. */
export interface ImageVersionInfo {
  /** The training phase registered: 1 (head on the frozen backbone) or 2 (fine-tuned). */
  readonly phase: 1 | 2;
  /** Side of the square RGB input, in pixels. */
  readonly inputSize: number;
  readonly backbone: BackboneInfo;
  readonly imageSetId: number;
  readonly imageSetName: string;
  /** Usable images per class in the set, and how they were split. */
  readonly counts: Readonly<Record<string, number>>;
  readonly split: { readonly train: number; readonly validation: number; readonly test: number };
}

export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly runId: number;
  readonly stage: Stage;
  readonly createdAt: string;
  /** Absent on versions registered before image models existed: those are tabular. */
  readonly kind?: VersionKind;
  /** `recommend` for a recommender version. */
  readonly task: Task | 'recommend';
  readonly model: RegisteredModelKind;
  readonly target: string;
  readonly classes: readonly string[] | null;
  /** Raw columns a prediction request must carry (empty for an image version: it takes an image). */
  readonly inputSchema: readonly InputColumn[];
  /**
   * A real row of the training dataset cut to the input columns, stored at
   * registration: what the README of an export and the app's "Try it" send, so
   * an example is a request the model answers as it was trained. Absent on image
   * versions and on versions registered before it was kept.
   */
  readonly example?: Readonly<Record<string, string | number | null>>;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  /** Test-split metrics; for an image version the registered phase's accuracy, macro_f1 and top-k. */
  readonly test: Readonly<Record<string, number>> | null;
  /** Only on image versions. */
  readonly image?: ImageVersionInfo;
  /** Only on recommender versions. */
  readonly recs?: RecsVersionInfo;
  /** Where the training data came from: dataset (for an image version the image set), its source and the import's hash. */
  readonly lineage: { readonly datasetId: number; readonly datasetName: string; readonly source: string; readonly sha256: string | null };
  readonly card: ModelCard;
}

export interface RegisteredModel {
  readonly name: string;
  readonly createdAt: string;
  /** Newest first. */
  readonly versions: readonly ModelVersion[];
}

/** `NAME`, `NAME@3`, `NAME@production` or `NAME@staging`; plain NAME means production, else the newest version. */
export type ModelRef = string;
