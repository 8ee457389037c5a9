import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateClassifier, topKAccuracy } from './evaluate';
import { stratifiedSplit } from './split';

interface Golden {
  y: number[];
  proba: number[];
  K: number;
  accuracy: number;
  macro_f1: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  top2: number;
  top3: number;
  confusion: number[][];
}

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'eval-golden.json'), 'utf8')) as Golden;

describe('evaluateClassifier (scikit-learn 1.2 golden values)', () => {
  it('matches accuracy, macro F1, per-class P/R/F1, confusion and top-k', () => {
    const classes = ['a', 'b', 'c', 'd'];
    const e = evaluateClassifier(golden.y, golden.proba, classes);
    expect(e.accuracy).toBeCloseTo(golden.accuracy, 12);
    expect(e.macro_f1).toBeCloseTo(golden.macro_f1, 12);
    e.perClass.forEach((c, k) => {
      expect(c.precision).toBeCloseTo(golden.precision[k]!, 12);
      expect(c.recall).toBeCloseTo(golden.recall[k]!, 12);
      expect(c.f1).toBeCloseTo(golden.f1[k]!, 12);
      expect(c.support).toBe(golden.support[k]);
    });
    expect(e.confusion).toEqual(golden.confusion);
    expect(topKAccuracy(golden.y, golden.proba, 4, 2)).toBeCloseTo(golden.top2, 12);
    expect(e.topK['3']).toBeCloseTo(golden.top3, 12);
    // Most confident mistakes first, each really wrong.
    for (let i = 1; i < e.wrong.length; i++) expect(e.wrong[i - 1]!.confidence).toBeGreaterThanOrEqual(e.wrong[i]!.confidence);
    for (const w of e.wrong) expect(w.predicted).not.toBe(golden.y[w.row]);
    expect(e.wrong.length).toBe(Math.round(golden.y.length * (1 - golden.accuracy)));
  });
});

describe('stratifiedSplit', () => {
  it('gives each class its share, is seeded, and keeps small classes on every side', () => {
    const labels = [...Array(40).fill(0), ...Array(20).fill(1), ...Array(3).fill(2)] as number[];
    const a = stratifiedSplit(labels, 0.15, 0.15, 42);
    expect(stratifiedSplit(labels, 0.15, 0.15, 42)).toEqual(a);
    expect(stratifiedSplit(labels, 0.15, 0.15, 43)).not.toEqual(a);
    const count = (cls: number, s: string): number => labels.filter((c, i) => c === cls && a[i] === s).length;
    expect([count(0, 'test'), count(0, 'validation'), count(0, 'train')]).toEqual([6, 6, 28]);
    expect([count(1, 'test'), count(1, 'validation'), count(1, 'train')]).toEqual([3, 3, 14]);
    expect([count(2, 'test'), count(2, 'validation'), count(2, 'train')]).toEqual([1, 1, 1]);
  });
});
