import { describe, expect, it } from 'vitest';
import { resolveTrainSpec, type ParamValue } from '../../../preload/contract/train';
import { fitRows, type TrainData } from './fit';

/** 400 rows, two numeric features, a label from the first: a table any learner fits. */
function data(): TrainData {
  const n = 400;
  const a = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 10);
  const b = Float64Array.from({ length: n }, (_, i) => ((i * 53) % 97) / 10);
  return {
    features: { rows: n, columns: [{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }] },
    y: Float64Array.from(a, (v) => (v > 5 ? 1 : 0)),
    task: 'binary',
    nClasses: 2,
  };
}

const rows = Int32Array.from({ length: 400 }, (_, i) => i);

function fit(model: 'gbdt' | 'logreg', params: Record<string, ParamValue>): ReturnType<typeof fitRows> {
  const spec = resolveTrainSpec({ datasetId: 1, target: 'y', model, params });
  return fitRows(data(), rows, spec, params, 1, () => undefined);
}

describe('the device training option', () => {
  it('trains gradient boosting on the CPU for cpu, and for auto on a small table', async () => {
    const cpu = await fit('gbdt', { n_rounds: 5, device: 'cpu' });
    const auto = await fit('gbdt', { n_rounds: 5, device: 'auto' });
    expect(auto.model.toJSON()).toEqual(cpu.model.toJSON());
    expect(cpu.model.toJSON()).toEqual((await fit('gbdt', { n_rounds: 5 })).model.toJSON());
  });

  it('refuses gpu where no hardware adapter exists, saying why and what to do', async () => {
    const prior = process.env['ASSAY_BACKEND'];
    delete process.env['ASSAY_BACKEND'];
    try {
      // CI has lavapipe (a software adapter) or no Vulkan driver at all; neither trains boosting by default.
      await expect(fit('gbdt', { n_rounds: 5, device: 'gpu' })).rejects.toThrow(
        /^Gradient boosting on the GPU cannot start: (only a software \(.+\) adapter here, slower than the CPU \(ASSAY_BACKEND=webgpu uses it anyway\)|no adapter \(Dawn found no .+\)|not installed)\. Train with device cpu\.$/,
      );
    } finally {
      if (prior !== undefined) process.env['ASSAY_BACKEND'] = prior;
    }
  });

  it('names the values it takes and the learner it applies to', async () => {
    await expect(fit('gbdt', { device: 'fast' })).rejects.toThrow('device takes cpu, gpu, auto, not fast.');
    await expect(fit('logreg', { device: 'gpu' })).rejects.toThrow('device gpu applies to gradient boosting only; logreg trains where its backend runs.');
  });
});
