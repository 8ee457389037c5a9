import { describe, expect, it } from 'vitest';
import { selectThreshold, thresholdCurve, type ThresholdChoice } from './threshold';

const chosen = (y: number[], s: number[], objective: Parameters<typeof selectThreshold>[2]): ThresholdChoice => {
  const c = selectThreshold(y, s, objective);
  if (!('value' in c)) throw new Error(c.undefined);
  return c.value;
};

// Scores 0.8 … 0.1, positives at 0.8 and 0.5: flagging the top row or the top four rows ties on F1 (2/3)
// and on cost with misses twice a false alarm (2/8): the higher threshold must win both ties.
const y = [1, 0, 0, 1, 0, 0, 0, 0];
const s = [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];

describe('threshold choice on ties', () => {
  it('max-F1: of two thresholds with the same F1, the higher', () => {
    expect(chosen(y, s, { kind: 'max-f1' })).toEqual({ threshold: 0.8, objective: 2 / 3, precision: 1, recall: 0.5, truePositives: 1, falsePositives: 0 });
  });

  it('min-cost: of two thresholds with the same cost, the higher', () => {
    expect(chosen(y, s, { kind: 'min-cost', costRatio: 2 })).toEqual({ threshold: 0.8, objective: 0.25, precision: 1, recall: 0.5, truePositives: 1, falsePositives: 0 });
  });

  it('min-cost: a threshold that costs as much as predicting nothing does not replace it', () => {
    // Nothing positive costs 1 miss (1/2 a row); flagging both rows costs 1 false alarm (1/2): keep "nothing".
    expect(chosen([0, 1], [0.9, 0.8], { kind: 'min-cost', costRatio: 1 })).toEqual({ threshold: 1.9, objective: 0.5, precision: 0, recall: 0, truePositives: 0, falsePositives: 0 });
  });

  it('refuses a cost ratio that is not a positive number, and says why a choice is impossible', () => {
    for (const costRatio of [0, -1, NaN, Infinity]) {
      expect(() => selectThreshold(y, s, { kind: 'min-cost', costRatio })).toThrow(`The cost ratio (false negative / false positive) must be a positive number, got ${costRatio}.`);
    }
    expect(selectThreshold([0, 0], [0.1, 0.2], { kind: 'min-cost', costRatio: 1 })).toEqual({ undefined: 'No positive rows in these predictions: there is nothing to choose a threshold for.' });
  });
});

describe('threshold curve', () => {
  it('at the lowest threshold every row is positive; at the highest only the top one', () => {
    const c = thresholdCurve(y, s);
    if (!('value' in c)) throw new Error(c.undefined);
    expect(Array.from(c.value.thresholds)).toEqual([...s].reverse());
    expect([c.value.precision[0], c.value.recall[0], c.value.f1[0]]).toEqual([0.25, 1, 0.4]);
    expect([c.value.precision[7], c.value.recall[7], c.value.f1[7]]).toEqual([1, 0.5, 2 / 3]);
  });

  it('says why there is no curve without positive rows', () => {
    expect(thresholdCurve([0, 0], [0.1, 0.2])).toEqual({ undefined: 'No positive rows: recall and F1 are undefined at every threshold.' });
  });
});
