/** Per-column centring and scaling, with scikit-learn's estimators and its zero-scale rules. */
import type { Scaling } from './spec';
import { meanVariance, quantileSorted } from './stats';

export interface ColumnScale {
  /** Subtracted first. */
  readonly center: number;
  /** Then divided by; never 0. */
  readonly scale: number;
}

const eps = 2.220446049250313e-16;

/** sklearn's _handle_zeros_in_scale: a (near-)zero range or IQR becomes 1, so constant columns pass through centred. */
function nonZero(scale: number): number {
  return scale < 10 * eps ? 1 : scale;
}

/** Values must be filled (no NaN). */
export function fitScale(values: Float64Array, scaling: Scaling): ColumnScale {
  if (values.length === 0 || scaling === 'none') return { center: 0, scale: 1 };
  if (scaling === 'standard') {
    const { mean, variance } = meanVariance(values);
    const n = values.length;
    // sklearn's _is_constant_feature: variance within rounding error of 0 counts as constant.
    const bound = n * eps * variance + (n * mean * eps) ** 2;
    return { center: mean, scale: variance <= bound ? 1 : Math.sqrt(variance) };
  }
  const sorted = Float64Array.from(values).sort();
  if (scaling === 'minmax') {
    const min = sorted[0];
    return { center: min, scale: nonZero(sorted[sorted.length - 1] - min) };
  }
  const median = quantileSorted(sorted, 0.5);
  return { center: median, scale: nonZero(quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) };
}
