/**
 * The model registry: named models with numbered, immutable versions, each
 * with its metrics, lineage, input schema and a model card; stages for
 * promotion and rollback. Pure, JSON-safe types.
 */
import type { MetricSummary, ModelKind, Task } from './train';

export type Stage = 'none' | 'staging' | 'production';

export interface ModelCard {
  readonly intendedUse: string;
  readonly data: string;
  readonly metrics: string;
  readonly limits: string;
}

export interface InputColumn {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
}

export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly runId: number;
  readonly stage: Stage;
  readonly createdAt: string;
  readonly task: Task;
  readonly model: ModelKind;
  readonly target: string;
  readonly classes: readonly string[] | null;
  /** Raw columns a prediction request must carry. */
  readonly inputSchema: readonly InputColumn[];
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly test: Readonly<Record<string, number>> | null;
  /** Where the training data came from: dataset, its source and the import's hash. */
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
