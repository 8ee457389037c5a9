import type { TrainRunSummary } from '../../../preload/contract/train';
import type { ModelDocument } from '../../ml/tabular/predictor';
import type { Fitted } from './fit';

export function modelDocument(fitted: Fitted, plan: TrainRunSummary, target: string, threshold: number | null): ModelDocument {
  return {
    format: 'assay-tabular/1',
    task: plan.task!,
    target,
    classes: plan.classes,
    ...(plan.task === 'binary' && plan.positive ? { positive: plan.positive } : {}),
    threshold,
    pipeline: fitted.pipeline.toJSON(),
    model: fitted.model.toJSON(),
  };
}
