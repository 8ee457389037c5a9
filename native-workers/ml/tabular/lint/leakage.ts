/**
 * A leakage lint over the raw columns, run before training: findings a user
 * should look at, none of which stops a run. Codes:
 * - `id-like`: a column that identifies rows (a model memorises it);
 * - `near-perfect-predictor`: one column alone predicts the target almost
 *   perfectly (ROC AUC, balanced purity, |r| or η² of 0.99 or more; or whether
 *   it is filled in does), typically computed from the target or recorded
 *   after the outcome;
 * - `train-validation-duplicates`: validation rows whose features (id-like and
 *   constant columns aside) also occur in training, which flatters scores;
 * - `time-order`: with a time column, validation rows earlier than training
 *   rows (a shuffled split of data that will be used to forecast);
 * - `constant` (info): columns with a single value.
 */
import type { Task } from '../model';
import { columnFacts, constantReason, idLikeReason, isMissing } from './column-facts';
import { pickFeatures } from './features';
import type { Frame, FrameColumn } from './frame-types';
import { missingnessPredictiveness, singleFeaturePredictiveness } from './single-feature';
import { classLabels, detectTask, encodeTarget } from './task';

export type LintCode = 'id-like' | 'near-perfect-predictor' | 'train-validation-duplicates' | 'time-order' | 'constant';

export interface LintFinding {
  readonly code: LintCode;
  readonly column?: string;
  readonly message: string;
  readonly severity: 'warning' | 'info';
}

export interface LintInput {
  readonly frame: Frame;
  readonly target: string;
  /** Default: detected from the target column (detectTask). */
  readonly task?: Task;
  /** Row indices of a split, for the duplicate and time-order checks. */
  readonly split?: { readonly train: ArrayLike<number>; readonly validation: ArrayLike<number> };
  /** A numeric (e.g. epoch) or date-text column giving each row's time. */
  readonly timeColumn?: string;
}

/** Above this a single column "predicts the target almost perfectly". */
export const NEAR_PERFECT = 0.99;

export function lintLeakage(input: LintInput): LintFinding[] {
  const { frame } = input;
  const target = frame.columns.find((c) => c.name === input.target);
  if (!target) throw new Error(`There is no column '${input.target}' to predict.`);
  const findings: LintFinding[] = [];
  const guess = detectTask(target);
  const task = input.task ?? guess.task;
  const chosen = task === guess.task ? guess : { ...guess, task };
  const y = encodeTarget(target, chosen);
  const K = task === 'regression' ? 1 : classLabels(target, chosen).length;

  for (const c of frame.columns) {
    if (c.name === input.target || c.name === input.timeColumn) continue;
    const facts = columnFacts(c);
    const id = idLikeReason(c, facts);
    const constant = constantReason(facts);
    if (id) {
      findings.push({ code: 'id-like', column: c.name, severity: 'warning', message: `'${c.name}' looks like a row identifier: ${id}. Leave it out of the features; a model would memorise it.` });
      continue;
    }
    if (constant) {
      findings.push({ code: 'constant', column: c.name, severity: 'info', message: `'${c.name}' is constant (${constant}) and carries no information.` });
      continue;
    }
    const p = singleFeaturePredictiveness(c, y, task, K);
    if (p && p.score >= NEAR_PERFECT) {
      findings.push({
        code: 'near-perfect-predictor',
        column: c.name,
        severity: 'warning',
        message: `'${c.name}' alone predicts '${input.target}' almost perfectly (${p.describe}). It may be derived from the target or known only after the outcome; check it before trusting any score.`,
      });
      continue;
    }
    const m = missingnessPredictiveness(c, y, task);
    if (m && m.score >= NEAR_PERFECT) {
      findings.push({
        code: 'near-perfect-predictor',
        column: c.name,
        severity: 'warning',
        message: `Whether '${c.name}' is filled in predicts '${input.target}' almost perfectly (${m.describe}). A field recorded only after the outcome leaks it; check it before trusting any score.`,
      });
    }
  }

  if (input.split) {
    const features = pickFeatures(frame, input.target).features.map((name) => frame.columns.find((c) => c.name === name)!);
    const dup = duplicatesAcross(features, input.split.train, input.split.validation);
    if (dup.length > 0) {
      const share = ((dup.length / input.split.validation.length) * 100).toFixed(1);
      findings.push({
        code: 'train-validation-duplicates',
        severity: 'warning',
        message: `${dup.length} validation row${dup.length === 1 ? '' : 's'} (${share}%) also appear in training with the same feature values (e.g. row${dup.length === 1 ? '' : 's'} ${dup.slice(0, 3).map((i) => i + 1).join(', ')}). Validation scores will look better than on new data; remove duplicates or split by group.`,
      });
    }
    if (input.timeColumn) {
      const time = frame.columns.find((c) => c.name === input.timeColumn);
      if (!time) throw new Error(`There is no time column '${input.timeColumn}'.`);
      const finding = timeOrder(time, input.split.train, input.split.validation);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

function duplicatesAcross(columns: readonly FrameColumn[], train: ArrayLike<number>, validation: ArrayLike<number>): number[] {
  if (columns.length === 0) return [];
  const key = (i: number): string => columns.map((c) => (isMissing(c, i) ? '\u0001' : String(c.values[i]))).join('\u0000');
  const seen = new Set<string>();
  for (let j = 0; j < train.length; j++) seen.add(key(train[j]!));
  const out: number[] = [];
  for (let j = 0; j < validation.length; j++) if (seen.has(key(validation[j]!))) out.push(validation[j]!);
  return out.sort((a, b) => a - b);
}

function timeOrder(time: FrameColumn, train: ArrayLike<number>, validation: ArrayLike<number>): LintFinding | null {
  const at = (i: number): number => (time.kind !== 'categorical' ? time.values[i]! : time.values[i] === null ? NaN : Date.parse(time.values[i]!));
  let latestTrain = -Infinity;
  for (let j = 0; j < train.length; j++) {
    const t = at(train[j]!);
    if (t > latestTrain) latestTrain = t;
  }
  let earlier = 0;
  let known = 0;
  for (let j = 0; j < validation.length; j++) {
    const t = at(validation[j]!);
    if (Number.isNaN(t)) continue;
    known++;
    if (t < latestTrain) earlier++;
  }
  if (known === 0) return null;
  if (earlier === 0) return null;
  return {
    code: 'time-order',
    column: time.name,
    severity: 'warning',
    message: `${earlier} of ${known} validation rows are earlier in '${time.name}' than the latest training row: the model is validated on the past after seeing the future. If it will forecast, use a time-ordered split.`,
  };
}
