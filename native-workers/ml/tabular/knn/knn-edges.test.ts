// The rules around the neighbour search: defaults, refusals, copies, weights and the saved form.
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import type { FitOptions } from '../model';
import { KNearestNeighbours } from './knn';

const X = matrix(6, 1, Float64Array.from([0, 1, 2, 3, 4, 10]));
const y = Float64Array.from([0, 0, 0, 1, 1, 1]);
const binary: FitOptions = { task: 'binary', nClasses: 2, seed: 0 };
const at = (...v: number[]): ReturnType<typeof matrix> => matrix(v.length, 1, Float64Array.from(v));

describe('k-NN defaults and refusals', () => {
  it('defaults to 5 uniform neighbours', () => {
    const m = new KNearestNeighbours();
    expect([m.k, m.weights]).toEqual([5, 'uniform']);
    m.fit(X, y, binary);
    // The 5 nearest of 0 are rows 0..4: three of class 0, two of class 1, each counting 1/5.
    const p = m.predict(at(0));
    expect(p[0]).toBeCloseTo(3 / 5, 12);
    expect(p[1]).toBeCloseTo(2 / 5, 12);
  });

  it('refuses k that is not a positive whole number', () => {
    expect(() => new KNearestNeighbours({ k: 0 })).toThrow('k must be a positive integer.');
    expect(() => new KNearestNeighbours({ k: 2.5 })).toThrow('k must be a positive integer.');
    expect(new KNearestNeighbours({ k: 1 }).k).toBe(1);
  });

  it('refuses mismatched or empty training data, labels outside the classes, a wrong column count and use before fit', () => {
    const m = new KNearestNeighbours();
    expect(() => m.predict(at(0))).toThrow('The knn model has not been fitted.');
    expect(() => m.toJSON()).toThrow('The knn model has not been fitted.');
    expect(() => m.fit(X, Float64Array.from([0, 1]), binary)).toThrow('6 rows but 2 targets.');
    expect(() => m.fit(matrix(0, 1), new Float64Array(0), binary)).toThrow('0 rows but 0 targets.');
    expect(() => m.fit(X, Float64Array.from([0, 0, 0, 1, 1, 2]), binary)).toThrow(/Row 5 has class 2/);
    // Regression takes any value.
    m.fit(X, Float64Array.from([0, 0, 0, 1, 1, 2.5]), { task: 'regression', nClasses: 1, seed: 0 });
    expect(() => m.predict(matrix(1, 2))).toThrow('The model was trained on 1 columns, got 2.');
  });

  it('a binary task given one class still predicts two columns', () => {
    const m = new KNearestNeighbours({ k: 2 });
    m.fit(X, new Float64Array(6), { task: 'binary', nClasses: 1, seed: 0 });
    expect(Array.from(m.predict(at(0)))).toEqual([1, 0]);
  });
});

describe('k-NN fitting', () => {
  it('keeps its own copy of the training data and weights, and reports its one step', () => {
    const Xc = matrix(6, 1, X.data.slice());
    const yc = y.slice();
    const sw = Float64Array.from([1, 2, 1, 1, 1, 1]);
    const steps: number[] = [];
    const m = new KNearestNeighbours({ k: 3 });
    m.fit(Xc, yc, { ...binary, sampleWeight: sw, checkpoint: (f) => steps.push(f) });
    expect(steps).toEqual([1]);
    const before = Array.from(m.predict(at(2.4)));
    Xc.data.fill(100);
    yc.fill(1);
    sw.fill(0);
    expect(Array.from(m.predict(at(2.4)))).toEqual(before);
    // Rows 2, 3 and 1 (weight 2): classes 0, 1, 0.
    expect(before).toEqual([3 / 4, 1 / 4]);
  });

  it('distance weights: 1/d, or only the coincident rows when the query is on one', () => {
    const m = new KNearestNeighbours({ k: 2, weights: 'distance' });
    m.fit(X, y, binary);
    // Query 2.5: rows 2 (class 0) and 3 (class 1) at 0.5 each.
    expect(Array.from(m.predict(at(2.5)))).toEqual([0.5, 0.5]);
    // Query 2.8: row 3 at 0.2 (weight 5), row 2 at 0.8 (weight 1.25).
    const p = m.predict(at(2.8));
    expect(p[0]).toBeCloseTo(1.25 / 6.25, 12);
    expect(p[1]).toBeCloseTo(5 / 6.25, 12);
    expect(Array.from(m.predict(at(3)))).toEqual([0, 1]);
  });

  it('regression: the (weighted) mean of the neighbours', () => {
    const t = Float64Array.from([0, 10, 20, 30, 40, 100]);
    const m = new KNearestNeighbours({ k: 2 });
    m.fit(X, t, { task: 'regression', nClasses: 1, seed: 0, sampleWeight: Float64Array.from([1, 1, 3, 1, 1, 1]) });
    // Query 2.4: rows 2 (weight 3) and 3 (weight 1).
    expect(Array.from(m.predict(at(2.4)))).toEqual([(3 * 20 + 30) / 4]);
  });

  it('neighbours that all weigh 0 vote equally instead of dividing by 0', () => {
    const m = new KNearestNeighbours({ k: 2 });
    m.fit(X, y, { ...binary, sampleWeight: Float64Array.from([0, 0, 0, 0, 1, 1]) });
    expect(Array.from(m.predict(at(2.4)))).toEqual([0.5, 0.5]);
    expect(Array.from(m.predict(at(3.6)))).toEqual([0, 1]);
  });
});

describe('k-NN saved form', () => {
  it('round-trips with sample weights, and refuses a wrong type, weights, task or data size', () => {
    const m = new KNearestNeighbours({ k: 3, weights: 'distance' });
    m.fit(X, y, { ...binary, sampleWeight: Float64Array.from([1, 1, 1, 5, 1, 1]) });
    const json = m.toJSON();
    expect(json).toMatchObject({ type: 'knn', k: 3, weights: 'distance', task: 'binary', nClasses: 2, rows: 6, cols: 1 });
    const back = KNearestNeighbours.fromJSON(JSON.parse(JSON.stringify(json)));
    expect([back.k, back.weights]).toEqual([3, 'distance']);
    expect(Array.from(back.predict(at(0.6, 2.9)))).toEqual(Array.from(m.predict(at(0.6, 2.9))));
    const plain = new KNearestNeighbours();
    plain.fit(X, y, binary);
    expect('sampleWeight' in plain.toJSON()).toBe(false);
    expect(() => KNearestNeighbours.fromJSON({ ...json, type: 'ridge' })).toThrow('Expected a knn model, got ridge.');
    expect(() => KNearestNeighbours.fromJSON({ ...json, weights: 'gaussian' })).toThrow('Unknown weights gaussian.');
    expect(() => KNearestNeighbours.fromJSON({ ...json, task: 'ranking' })).toThrow('Unknown task ranking.');
    expect(() => KNearestNeighbours.fromJSON({ ...json, rows: 7 })).toThrow('Model JSON field "X" does not match rows × cols.');
    for (const task of ['multiclass', 'regression'] as const) expect(KNearestNeighbours.fromJSON({ ...json, task }).toJSON().task).toBe(task);
    expect(KNearestNeighbours.fromJSON({ ...json, weights: 'uniform' }).weights).toBe('uniform');
  });
});
