import { describe, expect, it } from 'vitest';
import { driftSeverity, formatStatistic, severityColor, verdictText } from './monitoring';

describe('drift severity (the heat map colour)', () => {
  const tested = { compares: 'p-value' as const, threshold: 0.05 };
  const measured = { compares: 'statistic' as const, threshold: 0.1 };

  it('reads a p-value as threshold ÷ p and a statistic as statistic ÷ threshold: 1 at the threshold, above it past', () => {
    expect(driftSeverity(tested, { statistic: 0.2, pValue: 0.05, drift: false })).toBeCloseTo(1, 12);
    expect(driftSeverity(tested, { statistic: 0.1, pValue: 0.5, drift: false })).toBeCloseTo(0.1, 12);
    expect(driftSeverity(tested, { statistic: 0.4, pValue: 0, drift: true })).toBeGreaterThan(1e200);
    expect(driftSeverity(measured, { statistic: 0.25, drift: true })).toBeCloseTo(2.5, 12);
    expect(driftSeverity(measured, { statistic: null, drift: null })).toBeNull();
  });

  it('colours: grey without a verdict, red past the threshold, green to amber below it', () => {
    expect(severityColor(null)).toBe('#d9d9d9');
    expect(severityColor(1)).toBe('#ef6548');
    expect(severityColor(5)).toBe('#b2182b');
    expect(severityColor(0)).toBe('rgb(26, 152, 80)');
    expect(severityColor(0.99)).not.toBe(severityColor(0));
  });

  it('prints statistics and verdicts one way everywhere', () => {
    expect([formatStatistic(0.123456), formatStatistic(4.15e-12), formatStatistic(0), formatStatistic(null)]).toEqual(['0.1235', '4.15e-12', '0.0000', '—']);
    expect([verdictText(true), verdictText(false), verdictText(null)]).toEqual(['drift', 'ok', 'no verdict']);
  });
});
