import { describe, expect, it } from 'vitest';
import type { ImageRunSummary, PhaseCurve } from '../../../preload/contract/images';
import { curveFigures, runCurves } from './curve-plot';

const curve: PhaseCurve = {
  phase: 1,
  unit: 'iteration',
  title: 'logistic regression, C = 0.1 (2 of 5)',
  history: [
    { epoch: 1, loss: 1.1, accuracy: 0.4, valLoss: 1.2, valAccuracy: 0.3, lr: 0 },
    { epoch: 2, loss: 0.6, valLoss: NaN, valAccuracy: NaN, lr: 0 },
  ],
};

describe('curveFigures', () => {
  it('draws train and validation loss and accuracy per point, leaving missing values out rather than at 0', () => {
    const { loss, accuracy } = curveFigures(curve);
    const ys = (d: typeof loss.data) => d.map((t) => (t as unknown as { name: string; x: number[]; y: (number | null)[] }));
    const [trainLoss, valLoss] = ys(loss.data);
    expect(trainLoss).toMatchObject({ name: 'train', x: [1, 2], y: [1.1, 0.6] });
    expect(valLoss).toMatchObject({ name: 'validation', y: [1.2, null] });
    const [trainAcc, valAcc] = ys(accuracy.data);
    expect(trainAcc!.y).toEqual([0.4, null]);
    expect(valAcc!.y).toEqual([0.3, null]);
    expect((loss.layout as unknown as { xaxis: { title: { text: string } } }).xaxis.title.text).toBe('iteration');
  });
});

describe('runCurves', () => {
  it('prefers the live curves, in phase order; falls back to the phases of older runs', () => {
    const base = { phases: [{ phase: 1, history: curve.history }] } as unknown as ImageRunSummary;
    expect(runCurves(base)).toEqual([{ phase: 1, unit: 'epoch', title: 'head', history: curve.history }]);
    const live = { ...base, curves: [{ ...curve, phase: 2 }, curve] } as ImageRunSummary;
    expect(runCurves(live).map((c) => c.phase)).toEqual([1, 2]);
  });
});
