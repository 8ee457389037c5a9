import { describe, expect, it } from 'vitest';
import type { AbStats, ArmStats } from '../../../preload/contract/serving';
import { abRows, rateText, verdictText } from './ab-model';

// Intervals as ml/recs/serving/ab.ts's wilson() gives them (40 of 400: 7.43–13.34 %).
function arm(version: number, shown: number, clicked: number, converted: number, ci: [number, number], cci: [number, number]): ArmStats {
  return {
    model: 'shop', version, role: version === 1 ? 'primary' : 'candidate', shown,
    clicked, ctr: shown ? clicked / shown : null, ci95: ci,
    converted, conversionRate: shown ? converted / shown : null, conversionCi95: cci,
  };
}

describe('A/B results in the Serve panel', () => {
  it("shows each arm's rates with their intervals", () => {
    const ab: AbStats = {
      arms: [arm(1, 400, 40, 4, [0.07432, 0.13336], [0.0039, 0.0254]), arm(2, 400, 80, 20, [0.1636, 0.2420], [0.0326, 0.0759])],
      test: { z: 3.922, p: 8.8e-5, significant: true },
      conversionTest: { z: -3.6, p: 0.0003, significant: true },
    };
    const rows = abRows(ab);
    expect(rows.map((r) => r.label)).toEqual(['v1 (primary)', 'v2 (candidate)']);
    expect(rows[0]!.ctr).toBe('10.0 % (7.4–13.3 %)');
    expect(rows[1]!.conversion).toBe('5.0 % (3.3–7.6 %)');
    expect(verdictText(ab.test, 'click-through', ab.arms)).toBe('Click-through: the candidate is better, significant at 5 % (z = 3.92, p = 8.8e-5).');
    expect(verdictText(ab.conversionTest, 'conversion', ab.arms)).toMatch(/the primary is better/);
  });

  it('says why there is no test yet, and when the difference is not significant', () => {
    const one = [arm(1, 10, 1, 0, [0, 1], [0, 1])];
    expect(verdictText(null, 'click-through', one)).toMatch(/Add a candidate/);
    const two = [arm(1, 10, 0, 0, [0, 0.28], [0, 0.28]), arm(2, 0, 0, 0, [0, 1], [0, 1])];
    expect(verdictText(null, 'conversion', two)).toMatch(/No conversion test yet/);
    expect(rateText(two[1]!.ctr, two[1]!.ci95)).toBe('–');
    expect(verdictText({ z: 0.23, p: 0.818, significant: false }, 'click-through', two)).toBe('Click-through: no significant difference yet (z = 0.23, p = 0.818).');
  });
});
