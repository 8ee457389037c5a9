import { AssayError } from '../../../preload/contract/errors';
import type { DerivedFeatures, ExcludedColumn, FoldSummary, LintFinding, TrainRunSummary, ValidationSpec } from '../../../preload/contract/train';
import { varyingDateParts } from '../../ml/tabular/dates';
import { frameColumn, type Frame } from '../../ml/tabular/frame';
import { takeValues } from '../../ml/tabular/matrix';
import type { TrainJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { loadDataset } from './data';
import { createModel } from '../../ml/tabular/models';
import { checkFeatures, leakageFindings, settleValidation, splitFolds, splitTest, userError } from './folds';
import { readRun, writePlan } from '../../project/train';
import { encodeTarget } from './target';

/**
 * The plan of a run, before any model is fitted: task and classes, features
 * (defaults with reasons for what was left out), the untouched test split,
 * the validation folds (stored with their exact rows) and the leakage lint.
 * Every bad-input check that can fail a run fails it here, before work starts.
 */
export async function runTrainPlan(job: TrainJobSpec, ctx: JobContext): Promise<TrainRunSummary> {
  const db = connect(job.projectPath, false);
  try {
    const { spec, summary } = readRun(db, job.runId);
    ctx.progress({ kind: 'train', value: 0, title: 'Preparing training', detail: 'Reading the dataset' }, true);
    const ds = loadDataset(db, spec.datasetId, () => ctx.checkCancelled());
    const targetColumn = frameColumn(ds.frame, spec.target);
    if (!targetColumn) {
      throw new AssayError('BAD_INPUT', `The dataset "${ds.name}" has no column "${spec.target}". Its columns: ${ds.frame.columns.map((c) => c.name).join(', ')}.`);
    }
    if (targetColumn.kind === 'date') {
      throw new AssayError('BAD_INPUT', `The target "${spec.target}" is a date column; Assay predicts numbers or classes. Choose another target (a date can be a feature).`);
    }
    // Specs stored before the positive class existed have none: the default rule decides.
    const target = encodeTarget(targetColumn, spec.task, spec.positive ?? null);
    const warnings: string[] = [];
    if (target.missing > 0) warnings.push(`${target.missing} rows have no value for "${spec.target}" and were left out.`);
    for (const [column, count] of ds.unparsed) warnings.push(`${count} values of "${column}" were not numbers and count as missing.`);
    for (const [column, count] of ds.unparsedDates) warnings.push(`${count} values of "${column}" are not ISO 8601 dates and count as missing; fix them in the source (or retype the column at import) to use them.`);
    for (const [column, c] of ds.coerced) {
      warnings.push(`"${column}" holds numbers but ${c.count} cells are text (e.g. ${c.examples.map((e) => `"${e}"`).join(', ')}): it is used as numbers and those cells count as missing. Fix them in the source to use them.`);
    }
    // The learner must suit the task and know its parameters: said now, not in every fold.
    userError(() => createModel(spec.model, target.task, spec.params));
    const labelled = Int32Array.from(indicesWhere(target.y, (v) => !Number.isNaN(v)));
    const { features, excluded } = checkFeatures(ds.frame, spec.target, spec.features, ds.types);
    if (features.length === 0) throw new AssayError('BAD_INPUT', `No usable feature columns are left: ${excluded.map((e) => `"${e.column}" ${e.reason}`).join('; ')}.`);
    ctx.checkCancelled();
    const validation: ValidationSpec = settleValidation(spec.validation, target.task);
    const { train, test } = splitTest(target, labelled, spec.testSize, spec.seed, validation, ds.frame);
    const folds = splitFolds(validation, target, train, ds.frame, spec.seed);
    if (features.length > train.length) {
      const msg = `There are more features (${features.length}) than training rows (${train.length}).`;
      if (spec.model === 'linear') throw new AssayError('BAD_INPUT', `${msg} Ordinary least squares has no unique solution: choose ridge or lasso, or fewer features.`);
      warnings.push(`${msg} Expect overfitting; regularised models (ridge, lasso, logistic regression) cope best.`);
    }
    const lint: LintFinding[] = leakageFindings(ds.frame, features, spec.target, target.task, train, test, folds, validation);
    const featureFrame: Frame = { rows: ds.frame.rows, columns: features.map((f) => frameColumn(ds.frame, f)!) };
    const next: TrainRunSummary = {
      ...summary,
      task: target.task,
      classes: target.classes,
      positive: target.positive,
      validation,
      features,
      excluded: excluded satisfies readonly ExcludedColumn[],
      derived: derivedDateParts(featureFrame, train),
      lint,
      warnings,
    };
    writePlan(
      db,
      next,
      test,
      folds.map((f, i) => ({ summary: queued(i, f.train.length, f.validation.length), train: f.train, validation: f.validation })),
    );
    ctx.progress({ kind: 'train', value: 1, title: 'Preparing training', detail: `${folds.length} folds of ${featureFrame.rows} rows` }, true);
    return next;
  } finally {
    db.close();
  }
}

/** What each date feature becomes in the final model: the parts that vary in the training rows, as the refit's pipeline fit finds them. */
function derivedDateParts(features: Frame, train: Int32Array): DerivedFeatures[] {
  return features.columns.flatMap((c) => (c.kind === 'date' ? [{ column: c.name, parts: varyingDateParts(takeValues(c.values, train)) }] : []));
}

function queued(fold: number, trainRows: number, validationRows: number): FoldSummary {
  return { fold, status: 'queued', trainRows, validationRows, seconds: null, metrics: {}, error: null };
}

function indicesWhere(a: Float64Array, keep: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep(a[i]!)) out.push(i);
  return out;
}
