import { describe, expect, it } from 'vitest';
import { realizedPerformance, scoreLabelled, type Labelled, type ScoredTask } from './realized';
import { parseWindow } from './windows';

const binary = (threshold: number | null): ScoredTask => ({ task: 'binary', classes: ['no', 'yes'], threshold });
const regression: ScoredTask = { task: 'regression', classes: null, threshold: null };
const yes = (p: number): unknown => ({ label: p >= 0.5 ? 'yes' : 'no', probabilities: { no: 1 - p, yes: p } });
const labelled = (outputs: readonly unknown[], labels: readonly (string | number | boolean)[]): Labelled[] =>
  outputs.map((output, i) => ({ at: i, output, label: labels[i]! }));

describe('realized performance: classification rows that cannot be scored', () => {
  it('scores only rows with a class label and every class probability, counting each kind apart', () => {
    const rows = labelled(
      [yes(0.9), yes(0.2), null, { label: 'yes' }, { probabilities: { yes: 0.7 } }, { probabilities: { no: 0.4, yes: Infinity } }, yes(0.8), yes(0.3)],
      ['yes', 'no', 'yes', 'yes', 'yes', 'no', 'maybe', 'unsure'],
    );
    const s = scoreLabelled(rows, binary(0.5));
    // Scored: rows 0 and 1 (both right); no output, no probabilities, a missing class, an infinite one: 4 unusable; 2 foreign.
    expect(s.rows).toBe(2);
    expect(s.metrics['accuracy']).toBe(1);
    expect(s.warnings).toEqual([
      '2 labels are not classes of the model (no, yes); they were not scored.',
      '4 logged predictions have no class probabilities; they were not scored.',
    ]);
  });

  it('a clean window has no warnings, and a window with nothing scorable has no metrics', () => {
    expect(scoreLabelled(labelled([yes(0.9), yes(0.2)], ['yes', 'no']), binary(0.5)).warnings).toEqual([]);
    const none = scoreLabelled(labelled([yes(0.9), null], ['maybe', 'yes']), binary(0.5));
    expect(none).toEqual({ metrics: {}, rows: 0, warnings: ['1 labels are not classes of the model (no, yes); they were not scored.', '1 logged predictions have no class probabilities; they were not scored.'] });
    // A model without classes (a classifier stored without them) scores nothing rather than failing.
    expect(scoreLabelled(labelled([yes(0.9), yes(0.2)], ['yes', 'no']), { task: 'binary', classes: null, threshold: null })).toMatchObject({ rows: 0, metrics: {} });
  });

  it("a binary model's threshold decides its predicted class; without one it is 0.5", () => {
    // p(yes) = 0.9, 0.4, 0.35, 0.1 for truths yes, yes, no, no.
    const rows = labelled([yes(0.9), yes(0.4), yes(0.35), yes(0.1)], ['yes', 'yes', 'no', 'no']);
    // At 0.5: yes, no, no, no → 3 of 4 right. At 0.3: yes, yes, yes, no → 3 of 4 right, but recall 1 and precision 2/3.
    expect(scoreLabelled(rows, binary(null)).metrics).toMatchObject({ accuracy: 0.75, recall: 0.5, precision: 1 });
    expect(scoreLabelled(rows, binary(0.5)).metrics).toMatchObject({ accuracy: 0.75, recall: 0.5, precision: 1 });
    const low = scoreLabelled(rows, binary(0.3)).metrics;
    expect(low['recall']).toBe(1);
    expect(low['precision']).toBeCloseTo(2 / 3, 15);
  });

  it("passes the metrics' own warnings on, naming the class by its label", () => {
    // Nothing predicted yes: precision is 0/0, and the macro averages count class 'yes' as 0.
    const s = scoreLabelled(labelled([yes(0.1), yes(0.2)], ['yes', 'no']), binary(0.5));
    expect(s.metrics).not.toHaveProperty('precision');
    expect(s.warnings).toContain("precision_macro: Class 'yes' is never predicted; its precision (0/0) counts as 0 in the averages.");
    expect(s.warnings).toContain('precision: No row was predicted positive (class 1), so precision is 0/0.');
  });
});

describe('realized performance: regression rows that cannot be scored', () => {
  it('takes labels as numbers or numeric text, and leaves out what is not a finite number', () => {
    const outputs = [{ value: 2.5 }, { value: 5.5 }, { value: 2 }, { value: 8 }, null, { value: '4' }, { value: Infinity }, { value: 1 }];
    const rows = labelled(outputs, [3, '5', 2.5, '7', 1, 1, 1, 'n/a']);
    const s = scoreLabelled(rows, regression);
    // The four good rows are the sklearn case of the folder's test: RMSE 0.661437…, MAE 0.625.
    expect(s.rows).toBe(4);
    expect(s.metrics['rmse']).toBeCloseTo(0.6614378277661477, 12);
    expect(s.metrics['mae']).toBeCloseTo(0.625, 12);
    expect(s.warnings).toEqual(['4 labels or predictions are not numbers; they were not scored.']);
  });

  it('a clean window has no warnings; one with nothing scorable has no metrics; metric warnings are passed on', () => {
    expect(scoreLabelled(labelled([{ value: 1 }, { value: 2 }], [1, 3]), regression).warnings).toEqual([]);
    expect(scoreLabelled(labelled([{ value: 'x' }], [1]), regression)).toEqual({ metrics: {}, rows: 0, warnings: ['1 labels or predictions are not numbers; they were not scored.'] });
    const flat = scoreLabelled(labelled([{ value: 1 }, { value: 2 }], [4, 4]), regression);
    expect(flat.metrics).not.toHaveProperty('r2');
    expect(flat.warnings).toEqual(['r2: The true values are all equal, so R² (1 − residual/total variance) is 0/0.']);
  });

  it('scores each window on its own rows', () => {
    const rows = [
      { at: 0, output: { value: 1 }, label: 2 },
      { at: 1, output: { value: 3 }, label: 3 },
      { at: 86_400_000, output: { value: 10 }, label: 4 },
    ];
    const windows = realizedPerformance(rows, regression, parseWindow('1d'));
    expect(windows.map((w) => [w.start, w.end, w.rows, w.metrics['mae']])).toEqual([
      [0, 86_400_000, 2, 0.5],
      [86_400_000, 2 * 86_400_000, 1, 6],
    ]);
  });
});
