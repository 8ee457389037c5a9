import type { TrainRunSummary } from '../../../preload/contract/train';
import type { Fitted } from './fit';

/** The stored model: everything prediction and serving need, as JSON (train_models.model). */
export interface ModelDocument {
  readonly format: 'assay-tabular/1';
  readonly task: NonNullable<TrainRunSummary['task']>;
  readonly target: string;
  readonly classes: readonly string[] | null;
  /** Binary: class 1 is predicted when its probability is at least this. */
  readonly threshold: number | null;
  readonly pipeline: ReturnType<Fitted['pipeline']['toJSON']>;
  readonly model: ReturnType<Fitted['model']['toJSON']>;
}

export function modelDocument(fitted: Fitted, plan: TrainRunSummary, target: string, threshold: number | null): ModelDocument {
  return {
    format: 'assay-tabular/1',
    task: plan.task!,
    target,
    classes: plan.classes,
    threshold,
    pipeline: fitted.pipeline.toJSON(),
    model: fitted.model.toJSON(),
  };
}
