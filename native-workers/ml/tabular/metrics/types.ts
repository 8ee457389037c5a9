/**
 * Shapes shared by every metric. A metric that its own formula cannot define
 * (0/0, a single class where two are needed) is left out of the numbers and
 * explained in `warnings`, so a report never carries a silent NaN and a CLI can
 * print `metrics` as is.
 */

/** Why a metric is missing, or why its number needs care. */
export interface MetricWarning {
  /** The snake_case metric name the warning is about. */
  readonly metric: string;
  readonly message: string;
}

/** A value that may be undefined for these inputs; the reason is for the user. */
export type Defined<T> = { readonly value: T } | { readonly undefined: string };

export function isDefined<T>(d: Defined<T>): d is { readonly value: T } {
  return 'value' in d;
}

/** Collects metric values and the reasons for those left out. */
export class MetricSink {
  readonly metrics: Record<string, number> = {};
  readonly warnings: MetricWarning[] = [];

  put(metric: string, d: Defined<number>): void {
    if (isDefined(d)) this.metrics[metric] = d.value;
    else this.warnings.push({ metric, message: d.undefined });
  }

  warn(metric: string, message: string): void {
    this.warnings.push({ metric, message });
  }
}
