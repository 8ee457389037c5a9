/** The A/B results of a recommender server as the Serve panel shows them (pure, tested). */
import type { AbStats, AbTest, ArmStats } from '../../../preload/contract/serving';

/** A rate with its 95 % interval, "12.5 % (8.1–18.7 %)"; a dash before anything was shown. */
export function rateText(rate: number | null, ci: readonly [number, number]): string {
  if (rate === null) return '–';
  const pct = (x: number): string => `${(100 * x).toFixed(1)}`;
  return `${pct(rate)} % (${pct(ci[0])}–${pct(ci[1])} %)`;
}

/** The test's verdict in words, or why there is none yet. */
export function verdictText(test: AbTest | null, what: 'click-through' | 'conversion', arms: readonly ArmStats[]): string {
  if (arms.length < 2) return `Add a candidate version to compare ${what}.`;
  if (!test) return `No ${what} test yet: both versions need served lists and at least one ${what === 'conversion' ? 'conversion' : 'click'}.`;
  const better = test.z > 0 ? 'candidate' : 'primary';
  const title = what === 'conversion' ? 'Conversion' : 'Click-through';
  return test.significant
    ? `${title}: the ${better} is better, significant at 5 % (z = ${test.z.toFixed(2)}, p = ${formatP(test.p)}).`
    : `${title}: no significant difference yet (z = ${test.z.toFixed(2)}, p = ${formatP(test.p)}).`;
}

export function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export interface AbRow {
  readonly key: string;
  readonly label: string;
  readonly shown: number;
  readonly clicked: number;
  readonly ctr: string;
  readonly converted: number;
  readonly conversion: string;
}

export function abRows(ab: AbStats): AbRow[] {
  return ab.arms.map((a) => ({
    key: `${a.model}@${a.version}`,
    label: `v${a.version} (${a.role})`,
    shown: a.shown,
    clicked: a.clicked,
    ctr: rateText(a.ctr, a.ci95),
    converted: a.converted,
    conversion: rateText(a.conversionRate, a.conversionCi95),
  }));
}
