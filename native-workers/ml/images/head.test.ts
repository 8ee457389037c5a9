import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { blobs } from './test-blobs';
import { classWeightsFor, headFromJson, headToJson, predictProba, scheduledRate, trainHead, type HeadSpec } from './head';

const spec: HeadSpec = { units: 16, dropout: 0.2, learningRate: 0.01, epochs: 40, batchSize: 16, patience: 4, schedule: 'cosine', classWeights: true, seed: 3 };

describe('trainHead', () => {
  it('learns separable features, stops early, keeps the best epoch, replays exactly and leaks no tensors', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const train = blobs(120, 3, 12, 1, { noise: 0.6, shift: 2 });
    const val = blobs(30, 3, 12, 2, { noise: 0.6, shift: 2 });
    const a = await trainHead(tf, train, val, 3, spec);
    const p = await predictProba(tf, a.head, val.x, 12);
    let correct = 0;
    for (let i = 0; i < 30; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      if (row.indexOf(Math.max(...row)) === val.y[i]) correct++;
    }
    expect(correct / 30).toBeGreaterThan(0.9);
    const best = Math.min(...a.history.map((h) => h.valLoss));
    // An epoch counts as better only by more than 1e-6, so the kept one is within that of the minimum.
    expect(a.history[a.bestEpoch - 1]!.valLoss - best).toBeLessThanOrEqual(1e-6);
    expect(a.history.length).toBeLessThanOrEqual(spec.epochs);
    const b = await trainHead(tf, train, val, 3, spec);
    expect(Array.from(await predictProba(tf, b.head, val.x, 12))).toEqual(Array.from(p));
    // Stored and restored, the head predicts the same.
    const restored = headFromJson(tf, await headToJson(a.head, spec.dropout));
    expect(Array.from(await predictProba(tf, restored, val.x, 12))).toEqual(Array.from(p));
    for (const m of [a.head, b.head, restored]) m.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('cancels between batches', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const train = blobs(64, 2, 8, 4, { noise: 0.6, shift: 2 });
    let calls = 0;
    await expect(
      trainHead(tf, train, blobs(10, 2, 8, 5, { noise: 0.6, shift: 2 }), 2, spec, {
        checkpoint: () => {
          if (++calls === 3) throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
    // The head of a cancelled fit is not returned; only its variables may remain until GC of the model.
    expect(tf.memory().numTensors - start).toBeLessThanOrEqual(6);
  });

  it('schedules and weighs as documented', () => {
    expect(scheduledRate({ learningRate: 1, schedule: 'cosine', epochs: 10 }, 0)).toBe(1);
    expect(scheduledRate({ learningRate: 1, schedule: 'cosine', epochs: 10 }, 5)).toBeCloseTo(0.5, 12);
    expect(scheduledRate({ learningRate: 1, schedule: 'step', epochs: 30 }, 25)).toBe(0.25);
    expect(Array.from(classWeightsFor(Int32Array.from([0, 0, 0, 1]), 2, true))).toEqual([Math.fround(4 / 6), 2]);
  });
});
