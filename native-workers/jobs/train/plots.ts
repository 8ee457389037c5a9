import type { CurveSeries, TrainPlots } from '../../../preload/contract/train';
import {
  calibrationCurve,
  isDefined,
  meanPrecisionRecallCurve,
  meanRocCurve,
  precisionRecallCurve,
  rocAuc,
  averagePrecision,
  rocCurve,
  thresholdCurve,
} from '../../ml/tabular/metrics';

/** Plot series are rounded and thinned: they are for the eye, and they are stored with every run. */
const maxCurvePoints = 400;

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function thin(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[] } {
  const n = x.length;
  const step = Math.max(1, Math.ceil(n / maxCurvePoints));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i += step) {
    xs.push(round(x[i]!));
    ys.push(round(y[i]!));
  }
  if ((n - 1) % step !== 0 && n > 0) {
    xs.push(round(x[n - 1]!));
    ys.push(round(y[n - 1]!));
  }
  return { x: xs, y: ys };
}

export interface FoldPredictions {
  readonly fold: number;
  readonly yTrue: Float64Array;
  /** Probability of class 1 (binary). */
  readonly score: Float64Array;
}

/**
 * ROC and PR curves of scored sets (folds, or classes one-vs-rest), each named, plus their
 * mean curve (areas averaged) when there are several.
 */
function curveSets(sets: readonly { readonly name: string; readonly yTrue: Float64Array; readonly score: Float64Array }[]): Pick<TrainPlots, 'roc' | 'pr'> {
  const roc: CurveSeries[] = [];
  const pr: CurveSeries[] = [];
  const rocs: { fpr: Float64Array; tpr: Float64Array }[] = [];
  const prs: { precision: Float64Array; recall: Float64Array }[] = [];
  for (const f of sets) {
    const r = rocCurve(f.yTrue, f.score);
    const auc = rocAuc(f.yTrue, f.score);
    if (isDefined(r)) {
      rocs.push(r.value);
      roc.push({ name: f.name, ...thin(r.value.fpr, r.value.tpr), ...(isDefined(auc) ? { area: round(auc.value) } : {}) });
    }
    const p = precisionRecallCurve(f.yTrue, f.score);
    const ap = averagePrecision(f.yTrue, f.score);
    if (isDefined(p)) {
      prs.push(p.value);
      pr.push({ name: f.name, ...thin(p.value.recall, p.value.precision), ...(isDefined(ap) ? { area: round(ap.value) } : {}) });
    }
  }
  const mean = (series: CurveSeries[]): number | undefined => {
    const areas = series.map((s) => s.area).filter((a): a is number => a !== undefined);
    return areas.length ? round(areas.reduce((a, b) => a + b, 0) / areas.length) : undefined;
  };
  if (rocs.length > 1) {
    const m = meanRocCurve(rocs);
    const area = mean(roc);
    roc.push({ name: 'mean', ...thin(m.x, m.mean), ...(area !== undefined ? { area } : {}) });
  }
  if (prs.length > 1) {
    const m = meanPrecisionRecallCurve(prs);
    const area = mean(pr);
    pr.push({ name: 'mean', ...thin(m.x, m.mean), ...(area !== undefined ? { area } : {}) });
  }
  return { roc, pr };
}

/**
 * Multiclass: each class against the rest on the pooled validation predictions (`proba` is
 * rows × classes), and the macro mean: its area is the mean of the classes' areas, as
 * scikit-learn's roc_auc_score(multi_class='ovr', average='macro') and macro average precision.
 */
export function multiclassCurves(yTrue: Float64Array, proba: Float64Array, classes: readonly string[]): Pick<TrainPlots, 'roc' | 'pr'> {
  const k = classes.length;
  const n = yTrue.length;
  return curveSets(
    classes.map((name, c) => {
      const y = new Float64Array(n);
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = yTrue[i] === c ? 1 : 0;
        score[i] = proba[i * k + c]!;
      }
      return { name: `${name} vs rest`, yTrue: y, score };
    }),
  );
}

/** ROC and PR curves per fold plus their means across folds, calibration and threshold curves (binary). */
export function binaryCurves(folds: readonly FoldPredictions[]): Pick<TrainPlots, 'roc' | 'pr' | 'calibration' | 'thresholds'> {
  const { roc, pr } = curveSets(folds.map((f) => ({ name: `fold ${f.fold + 1}`, yTrue: f.yTrue, score: f.score })));
  const pooledTrue = concat(folds.map((f) => f.yTrue));
  const pooledScore = concat(folds.map((f) => f.score));
  const cal = calibrationCurve(pooledTrue, pooledScore, 10);
  const calibration: CurveSeries[] = [{ name: 'validation folds', x: Array.from(cal.probPred, round), y: Array.from(cal.probTrue, round) }];
  const thresholds: CurveSeries[] = [];
  const t = thresholdCurve(pooledTrue, pooledScore);
  if (isDefined(t)) {
    thresholds.push({ name: 'precision', ...thin(t.value.thresholds, t.value.precision) });
    thresholds.push({ name: 'recall', ...thin(t.value.thresholds, t.value.recall) });
    thresholds.push({ name: 'f1', ...thin(t.value.thresholds, t.value.f1) });
  }
  return { roc, pr, calibration, thresholds };
}

export function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** At most `max` evenly spaced points of paired arrays (scatter plots of large runs). */
export function sample(a: Float64Array, b: Float64Array, max: number): { a: number[]; b: number[] } {
  const step = Math.max(1, Math.ceil(a.length / max));
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < a.length; i += step) {
    xa.push(round(a[i]!));
    xb.push(round(b[i]!));
  }
  return { a: xa, b: xb };
}

export function summed(matrices: readonly number[][][]): number[][] | null {
  if (matrices.length === 0) return null;
  return matrices[0]!.map((row, i) => row.map((_, j) => matrices.reduce((s, m) => s + m[i]![j]!, 0)));
}

export { round };
