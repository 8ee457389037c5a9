import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import { rng } from '../rng';
import { GradientBoosting } from './gbdt';
import { SequentialHistogramBuilder, type ArrayAllocator, type HistogramTask } from './histogram';

/**
 * Five groups of rows (x = 0, 1, 2, 3 and missing), y constant within each. With learning rate 1, no L2
 * penalty and squared error, one tree fits every group exactly, so after round 1 every training row's score
 * is its y: sampled rows through their leaves, rows left out by subsampling through the tree walk on bins.
 */
function groups(perGroup: number): { X: Matrix; y: Float64Array; targets: number[] } {
  const xs = [0, 1, 2, 3, NaN];
  const targets = [10, -5, 3, 7, 20];
  const n = xs.length * perGroup;
  const X = matrix(n, 1);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X.data[i] = xs[i % xs.length]!;
    y[i] = targets[i % xs.length]!;
  }
  return { X, y, targets };
}

const exact = { learningRate: 1, lambda: 0, minChildWeight: 0, maxDepth: 6 };

describe('GradientBoosting rounds', () => {
  it('adds each tree to the rows subsampling left out, missing values included', () => {
    const { X, y, targets } = groups(40);
    const m = new GradientBoosting({ ...exact, nRounds: 3, subsample: 0.5 });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 4 });
    // A left-out row with a stale score would pull round 2's leaves off the exact fit.
    const p = m.predict(X);
    p.forEach((v, i) => expect(v, `row ${i}`).toBeCloseTo(y[i]!, 9));
    const probe = m.predict(matrix(5, 1, Float64Array.from([0, 1, 2, 3, NaN])));
    targets.forEach((t, i) => expect(probe[i]).toBeCloseTo(t, 9));
  });

  it('routes left-out rows by their own feature’s code, missing values to the left where the split sends them', () => {
    // The groups in the second column (the first is constant, so never split on); missing rows share the
    // x = 0 group's target, so the split that parts x = 0 from the rest sends missing values left.
    const xs = [0, 1, 2, 3, NaN];
    const targets = [10, -5, 3, 7, 10];
    const n = 200;
    const X = matrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X.data[2 * i] = 1;
      X.data[2 * i + 1] = xs[i % 5]!;
      y[i] = targets[i % 5]!;
    }
    const m = new GradientBoosting({ ...exact, nRounds: 3, subsample: 0.5 });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 4 });
    expect(m.toJSON().trees[0]!.missingLeft).toContain(1);
    m.predict(X).forEach((v, i) => expect(v, `row ${i}`).toBeCloseTo(y[i]!, 9));
  });

  it('never grows a child without rows, so leaves stay finite with no L2 penalty and no minimum child weight', () => {
    // Nodes that hold none of a feature's top values: a split past them left a child whose sums were the
    // parent's minus its sibling's, rounding residue with zero hessian: infinite gain, infinite leaf.
    for (let seed = 0; seed < 4; seed++) {
      const r = rng(seed);
      const n = 60;
      const X = matrix(n, 2);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        X.data[2 * i] = r.next() < 0.2 ? NaN : r.int(6);
        X.data[2 * i + 1] = r.int(4);
        y[i] = r.next() * 3 + 0.1 * X.data[2 * i + 1]!;
      }
      const m = new GradientBoosting({ learningRate: 0.3, lambda: 0, minChildWeight: 0, maxDepth: 4, nRounds: 3 });
      m.fit(X, y, { task: 'regression', nClasses: 1, seed });
      const values = m.toJSON().trees.flatMap((t) => Array.from(t.value));
      expect(values.length).toBeGreaterThan(3);
      expect(values.filter((v) => !Number.isFinite(v)), `seed ${seed}`).toEqual([]);
      m.predict(matrix(3, 2, Float64Array.of(9, 9, -1, -1, NaN, NaN))).forEach((p) => expect(Number.isFinite(p)).toBe(true));
    }
  });

  it('with early stopping, keeps the best round’s trees and importance, as a fit of that many rounds', () => {
    const r = rng(9);
    const n = 400;
    const X = matrix(n, 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 3; j++) X.data[3 * i + j] = r.normal();
      y[i] = X.data[3 * i]! + 0.5 * X.data[3 * i + 1]! + r.normal();
    }
    const Xv = matrix(100, 3, X.data.slice(0, 300));
    const yv = Float64Array.from({ length: 100 }, (_, i) => X.data[3 * i]! + 0.5 * X.data[3 * i + 1]!);
    const details: string[] = [];
    const stopped = new GradientBoosting({ nRounds: 300, learningRate: 0.5, maxDepth: 4, nIterNoChange: 5 });
    stopped.fit(matrix(300, 3, X.data.slice(300)), y.slice(100), {
      task: 'regression', nClasses: 1, seed: 2, earlyStopping: { X: Xv, y: yv }, checkpoint: (_, d) => details.push(d ?? ''),
    });
    const kept = stopped.nRoundsKept;
    expect(kept).toBeGreaterThan(1);
    expect(details.length).toBe(kept + 5);
    expect(details[0]).toMatch(/^round 1\/300, validation loss \d\.\d{4}/);
    expect(stopped.toJSON().bestRound).toBe(kept - 1);

    const plain = new GradientBoosting({ nRounds: kept, learningRate: 0.5, maxDepth: 4 });
    plain.fit(matrix(300, 3, X.data.slice(300)), y.slice(100), { task: 'regression', nClasses: 1, seed: 2 });
    expect(stopped.toJSON().trees).toEqual(plain.toJSON().trees);
    expect(stopped.featureImportance()).toEqual(plain.featureImportance());
    expect(stopped.predict(Xv)).toEqual(plain.predict(Xv));
  });

  it('reports rounds without a validation loss when not stopping early', () => {
    const { X, y } = groups(4);
    const details: string[] = [];
    new GradientBoosting({ nRounds: 2 }).fit(X, y, { task: 'regression', nClasses: 1, seed: 0, checkpoint: (_, d) => details.push(d ?? '') });
    expect(details).toEqual(['round 1/2', 'round 2/2']);
  });
});

/** The sequential builder, counting what the learner asks of it. */
class CountingBuilder extends SequentialHistogramBuilder {
  readonly calls = { begin: 0, end: 0, build: 0 };
  begin(): void {
    this.calls.begin++;
  }
  end(): void {
    this.calls.end++;
  }
  override build(task: HistogramTask): void {
    this.calls.build++;
    super.build(task);
  }
}

describe('GradientBoosting with a histogram builder', () => {
  it('builds through the builder it is given, between one begin and one end, also when the fit is cancelled', () => {
    const { X, y } = groups(20);
    const builder = new CountingBuilder();
    const m = new GradientBoosting({ nRounds: 3, maxDepth: 3 }, { histogramBuilder: builder });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0 });
    expect(builder.calls.begin).toBe(1);
    expect(builder.calls.end).toBe(1);
    expect(builder.calls.build).toBeGreaterThan(3);
    const plain = new GradientBoosting({ nRounds: 3, maxDepth: 3 });
    plain.fit(X, y, { task: 'regression', nClasses: 1, seed: 0 });
    expect(m.toJSON().trees).toEqual(plain.toJSON().trees);
    const cancel = (): void => {
      throw new Error('cancelled');
    };
    expect(() => m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0, checkpoint: cancel })).toThrow('cancelled');
    expect(builder.calls).toMatchObject({ begin: 2, end: 2 });
  });

  it('reports the validation loss of the rounds so far', () => {
    const { X, y } = groups(10);
    const Xv = matrix(3, 1, Float64Array.from([0, 3, NaN]));
    const yv = Float64Array.from([11, 6, 18]);
    const details: string[] = [];
    const m = new GradientBoosting({ nRounds: 2, learningRate: 0.5 });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0, earlyStopping: { X: Xv, y: yv }, checkpoint: (_, d) => details.push(d ?? '') });
    for (const rounds of [1, 2]) {
      const part = new GradientBoosting({ nRounds: rounds, learningRate: 0.5 });
      part.fit(X, y, { task: 'regression', nClasses: 1, seed: 0 });
      const p = part.predict(Xv);
      const mse = yv.reduce((s, v, i) => s + (p[i]! - v) ** 2, 0) / 3;
      expect(details[rounds - 1]).toBe(`round ${rounds}/2, validation loss ${mse.toPrecision(5)}`);
    }
  });
});

/** The sequential builder with an allocator that hands out arrays of exactly the length asked, and records them. */
class AllocatingBuilder extends SequentialHistogramBuilder {
  readonly lengths: string[] = [];
  constructor(private readonly keep: (a: Float64Array) => void = () => undefined) {
    super();
  }
  readonly allocator: ArrayAllocator = {
    float64: (n) => {
      this.lengths.push(`f64 ${n}`);
      const a = new Float64Array(n);
      this.keep(a);
      return a;
    },
    int32: (n) => (this.lengths.push(`i32 ${n}`), new Int32Array(n)),
    uint8: (n) => (this.lengths.push(`u8 ${n}`), new Uint8Array(n)),
  };
}

describe('GradientBoosting bookkeeping', () => {
  /** Three classes by the first of two features; the second is noise. */
  function threeClasses(n: number, seed: number): { X: Matrix; y: Float64Array } {
    const r = rng(seed);
    const X = matrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X.data[2 * i] = r.normal();
      X.data[2 * i + 1] = r.normal();
      y[i] = X.data[2 * i]! < -0.5 ? 0 : X.data[2 * i]! < 0.5 ? 1 : 2;
      if (r.next() < 0.15) y[i] = r.int(3);
    }
    return { X, y };
  }

  it('allocates scores, gradient pairs and codes through the builder’s allocator, multiclass rows × K', () => {
    const { X, y } = threeClasses(90, 1);
    const builder = new AllocatingBuilder();
    const m = new GradientBoosting({ nRounds: 2, maxDepth: 2 }, { histogramBuilder: builder });
    m.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 0 });
    expect(builder.lengths).toEqual(expect.arrayContaining(['u8 180', 'f64 270', 'f64 180']));
    const plain = new GradientBoosting({ nRounds: 2, maxDepth: 2 });
    plain.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 0 });
    expect(m.toJSON().trees).toEqual(plain.toJSON().trees);
  });

  it('keeps each class’s training scores in step with its trees, rows left out by subsampling included (multiclass)', () => {
    // The learner's own scores (rows × K, from the allocator) must end as the model's raw prediction on the
    // training rows: a left-out row's tree output added to another row or class would part them.
    const { X, y } = threeClasses(120, 5);
    for (let i = 0; i < 120; i += 7) X.data[2 * i] = NaN;
    const kept: Float64Array[] = [];
    const builder = new AllocatingBuilder((a) => kept.push(a));
    const m = new GradientBoosting({ nRounds: 4, maxDepth: 3, subsample: 0.5, learningRate: 0.5 }, { histogramBuilder: builder });
    m.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 2 });
    const raw = kept.find((a) => a.length === 360)!;
    expect(raw).toBeDefined();
    expect(Array.from(raw)).toEqual(Array.from(m.predictRaw(X)));
    // Every class's trees moved the scores off the priors.
    for (let k = 0; k < 3; k++) expect(raw[k]).not.toBe(m.toJSON().baseScore[k]);
  });

  it('stops multiclass boosting early, keeping whole rounds of K trees, also when restored', () => {
    const { X, y } = threeClasses(300, 2);
    const val = threeClasses(100, 3);
    const m = new GradientBoosting({ nRounds: 200, maxDepth: 3, learningRate: 0.5, nIterNoChange: 3 });
    m.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 0, earlyStopping: val });
    const kept = m.nRoundsKept;
    expect(kept).toBeGreaterThan(1);
    expect(kept).toBeLessThan(100);
    expect(m.toJSON().trees.length).toBe(3 * kept);
    expect(GradientBoosting.fromJSON(m.toJSON()).nRoundsKept).toBe(kept);
    const plain = new GradientBoosting({ nRounds: kept, maxDepth: 3, learningRate: 0.5 });
    plain.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 0 });
    expect(m.predict(val.X)).toEqual(plain.predict(val.X));
  });

  it('on a flat validation loss keeps the first round and stops after the patience', () => {
    // Round 1 fits the training groups exactly; every later tree adds 0, so the validation loss (1, each
    // target off by one) never improves: neither an equal loss nor one within the tolerance counts as better.
    const { X, y } = groups(10);
    const yv = y.map((v) => v + 1);
    let rounds = 0;
    const m = new GradientBoosting({ ...exact, nRounds: 50, nIterNoChange: 4 });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0, earlyStopping: { X, y: yv }, checkpoint: () => rounds++ });
    expect(rounds).toBe(5);
    expect(m.nRoundsKept).toBe(1);
    expect(m.toJSON().trees.length).toBe(1);
    // A loss of exactly 0 (validation = training) is not bettered by another 0 either.
    let again = 0;
    new GradientBoosting({ ...exact, nRounds: 50, nIterNoChange: 4 }).fit(X, y, { task: 'regression', nClasses: 1, seed: 0, earlyStopping: { X, y }, checkpoint: () => again++ });
    expect(again).toBe(5);
  });

  it('counts a validation loss as better only by more than 1e-7 of it (a large loss, improving by ~1e-7 a round)', () => {
    // Validation squared error near 320 (targets twice the training ones): each round of learning rate 1e-9
    // lowers it by ~2.7e-7, below 1e-7 × 320 but far above 1e-7 / 320, so the first round stays the best.
    const { X, y } = groups(10);
    let rounds = 0;
    const m = new GradientBoosting({ nRounds: 30, learningRate: 1e-9, lambda: 0, nIterNoChange: 3 });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0, earlyStopping: { X, y: y.map((v) => 2 * v) }, checkpoint: () => rounds++ });
    expect(rounds).toBe(4);
    expect(m.nRoundsKept).toBe(1);
  });

  it('draws rows and features when asked: each tree of colsample 1/3 splits on one feature, subsample changes the trees', () => {
    const r = rng(8);
    const X = matrix(200, 3);
    const y = new Float64Array(200);
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < 3; j++) X.data[3 * i + j] = r.normal();
      y[i] = X.data[3 * i]! + X.data[3 * i + 1]! + X.data[3 * i + 2]! + r.normal();
    }
    const fit = (params: { subsample?: number; colsample?: number }): GradientBoosting => {
      const m = new GradientBoosting({ nRounds: 10, maxDepth: 3, ...params });
      m.fit(X, y, { task: 'regression', nClasses: 1, seed: 1 });
      return m;
    };
    const trees = fit({ colsample: 1 / 3 }).toJSON().trees;
    for (const t of trees) expect(new Set(t.feature.filter((f) => f >= 0)).size).toBe(1);
    expect(new Set(trees.map((t) => t.feature[0])).size).toBeGreaterThan(1);
    expect(fit({ subsample: 0.6 }).toJSON().trees).not.toEqual(fit({}).toJSON().trees);
  });

  it('bins to maxBins: with 3, one threshold per feature', () => {
    const { X, y } = threeClasses(200, 4);
    const m = new GradientBoosting({ nRounds: 5, maxDepth: 3, maxBins: 3 });
    m.fit(X, y, { task: 'multiclass', nClasses: 3, seed: 0 });
    const thresholds = new Set(m.toJSON().trees.flatMap((t) => t.threshold.filter((_, i) => t.feature[i]! === 0)));
    expect(thresholds.size).toBe(1);
  });

  it('is a gbdt and hands out a copy of its importance', () => {
    const { X, y } = groups(4);
    const m = new GradientBoosting({ nRounds: 1 });
    expect(m.type).toBe('gbdt');
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0 });
    m.featureImportance()[0] = 42;
    expect(m.featureImportance()[0]).toBe(1);
    // Regression has one output whatever nClasses the caller passes.
    m.fit(X, y, { task: 'regression', nClasses: 5, seed: 0 });
    expect(m.toJSON().nClasses).toBe(1);
  });
});

describe('GradientBoosting record layouts', () => {
  /** rows × cols normal features (y from the first three); `pad` constant columns appended, which no split can use. */
  function data(cols: number, pad: number): { X: Matrix; y: Float64Array } {
    const r = rng(21);
    const n = 300;
    const X = matrix(n, cols + pad);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols; j++) X.data[i * (cols + pad) + j] = r.normal();
      for (let j = cols; j < cols + pad; j++) X.data[i * (cols + pad) + j] = 1;
      const x = X.data.subarray(i * (cols + pad));
      y[i] = (x[0]! > 0 ? 1 : 0) ^ (x[1]! + x[2]! > 0.5 ? 1 : 0);
    }
    return { X, y };
  }

  // 25–32 features take the partition's unrolled 32-byte record copy, others its loop: constant columns
  // move a fit from one to the other without changing any split.
  for (const cols of [26, 32]) {
    it(`grows the same trees with ${cols} features as with ${cols + 8} (constant columns added)`, () => {
      const a = data(cols, 0);
      const b = data(cols, 8);
      const fit = (d: { X: Matrix; y: Float64Array }): GradientBoosting => {
        const m = new GradientBoosting({ nRounds: 8, maxDepth: 5, subsample: 0.8 });
        m.fit(d.X, d.y, { task: 'binary', nClasses: 2, seed: 3 });
        return m;
      };
      const ma = fit(a);
      const mb = fit(b);
      expect(ma.toJSON().trees).toEqual(mb.toJSON().trees);
      expect(ma.toJSON().trees[0]!.feature.filter((f) => f >= 0).length).toBeGreaterThan(5);
    });
  }
});

describe('GradientBoosting refusals', () => {
  const refusals: [string, ConstructorParameters<typeof GradientBoosting>[0], string][] = [
    ['zero rounds', { nRounds: 0 }, 'nRounds must be a positive integer, got 0.'],
    ['fractional rounds', { nRounds: 1.5 }, 'nRounds must be a positive integer, got 1.5.'],
    ['depth 0', { maxDepth: 0 }, 'maxDepth must be at least 1, got 0.'],
    ['learning rate 0', { learningRate: 0 }, 'learningRate must be positive, got 0.'],
    ['subsample 0', { subsample: 0 }, 'subsample must be in (0, 1], got 0.'],
    ['subsample above 1', { subsample: 1.01 }, 'subsample must be in (0, 1], got 1.01.'],
    ['colsample 0', { colsample: 0 }, 'colsample must be in (0, 1], got 0.'],
    ['colsample above 1', { colsample: 1.5 }, 'colsample must be in (0, 1], got 1.5.'],
    ['negative lambda', { lambda: -0.1 }, 'lambda and minChildWeight must be non-negative.'],
    ['negative minChildWeight', { minChildWeight: -1 }, 'lambda and minChildWeight must be non-negative.'],
  ];
  for (const [name, params, message] of refusals) it(`refuses ${name}`, () => expect(() => new GradientBoosting(params)).toThrow(message));

  it('takes the edges of each range', () => {
    const m = new GradientBoosting({ nRounds: 1, maxDepth: 1, subsample: 1, colsample: 1, lambda: 0, minChildWeight: 0 });
    expect(m.params).toMatchObject({ nRounds: 1, maxDepth: 1, subsample: 1, colsample: 1, lambda: 0, minChildWeight: 0 });
  });

  it('has the documented defaults', () => {
    expect(new GradientBoosting().params).toEqual({
      nRounds: 200, maxDepth: 6, learningRate: 0.1, maxBins: 256, minChildWeight: 1, lambda: 1, minSplitGain: 0, subsample: 1, colsample: 1, nIterNoChange: 10,
    });
  });

  it('refuses prediction before fitting, y of another length, X of another width at prediction, and another model’s JSON', () => {
    const { X, y } = groups(4);
    const m = new GradientBoosting({ nRounds: 1 });
    // Even on a matrix of no columns (the width an unfitted model would accept).
    expect(() => m.predict(matrix(2, 0))).toThrow('The boosted model has not been fitted.');
    expect(() => m.fit(X, y.subarray(1), { task: 'regression', nClasses: 1, seed: 0 })).toThrow('X has 20 rows but y has 19.');
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 0 });
    expect(() => m.predict(matrix(1, 2))).toThrow('The model was fitted on 1 features, X has 2.');
    expect(() => GradientBoosting.fromJSON({ ...m.toJSON(), type: 'forest' })).toThrow('Not a gbdt model: forest.');
  });
});
