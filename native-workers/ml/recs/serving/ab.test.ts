import { describe, expect, it } from 'vitest';
import golden from './fixtures/ab-golden.json';
import { cases } from '../../../../main/host/testing';
import { erfc, inCandidateArm, twoProportionP, userBucket, wilson } from './ab';

// numpy's values from fixtures/make-ab-golden.py.
describe('A/B statistics against numpy', () => {
  it.each(cases(golden.wilson, 'Wilson intervals'))('Wilson 95 % interval of $clicks / $n to 1e-12', ({ clicks, n, ci }) => {
    const [lo, hi] = wilson(clicks, n);
    expect(Math.abs(lo - ci[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(hi - ci[1]!)).toBeLessThan(1e-12);
  });

  it.each(cases(golden.ztest, 'z-tests'))('two-proportion z-test $a vs $b to 1e-9', ({ a, b, z, p }) => {
    const got = twoProportionP(a[0]!, a[1]!, b[0]!, b[1]!)!;
    expect(Math.abs(got.z - z)).toBeLessThan(1e-12);
    expect(Math.abs(got.p - p)).toBeLessThan(1e-9);
  });

  it.each(cases(golden.erfc, 'erfc values'))('erfc($x) to 1e-13 absolute and 1e-9 relative', ({ x, y }) => {
    const got = erfc(x);
    expect(Math.abs(got - y)).toBeLessThan(1e-13);
    if (y > 0) expect(Math.abs(got - y) / y).toBeLessThan(1e-9);
  });

  it('has no test when nothing was shown or nobody clicked', () => {
    expect(twoProportionP(0, 0, 3, 10)).toBeNull();
    expect(twoProportionP(0, 10, 0, 10)).toBeNull();
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});

describe('split by user hash', () => {
  it('keeps a user in one arm and gives the candidate about its share of users', () => {
    const users = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    const inB = users.filter((u) => inCandidateArm(u, 30)).length / users.length;
    expect(Math.abs(inB - 0.3)).toBeLessThan(0.02);
    for (const u of users.slice(0, 100)) expect(inCandidateArm(u, 30)).toBe(inCandidateArm(u, 30));
    expect(users.some((u) => inCandidateArm(u, 0))).toBe(false);
    expect(users.every((u) => inCandidateArm(u, 100))).toBe(true);
    expect(userBucket('abc')).toBe(userBucket('abc'));
  });
});
