/**
 * Child process of gpu-lost.test.ts (Dawn does not survive inside vitest's worker): a training fit on
 * the GPU whose device is destroyed after its second round, as a driver reset or an unplugged eGPU
 * would lose it, then the same fit on the CPU. Writes what happened as JSON to argv[2].
 * Lavapipe is allowed (ASSAY_BACKEND=webgpu), so this runs on CI's software adapter.
 */
import fs from 'node:fs';
import { resolveTrainSpec, type ParamValue } from '../../../preload/contract/train';
import { describeFailure } from '../../runtime/backend';
import { fitRows, type TrainData } from './fit';

interface Destroyable {
  destroy(): void;
}
interface WebgpuGlobals {
  readonly globals: { readonly GPUDevice: { readonly prototype: { createCommandEncoder(this: Destroyable, ...args: unknown[]): unknown } } };
}

const output = process.argv[2]!;
process.env['ASSAY_BACKEND'] = 'webgpu';
let device: Destroyable | null = null;
const remember = (d: Destroyable): void => {
  device = d;
};
try {
  // The device fitRows opens is not handed out: the first command encoder it makes tells us which it is.
  const proto = ((await import('webgpu')) as unknown as WebgpuGlobals).globals.GPUDevice.prototype;
  const original = proto.createCommandEncoder;
  proto.createCommandEncoder = function (this: Destroyable, ...args: unknown[]): unknown {
    remember(this);
    return original.apply(this, args);
  };
} catch (err) {
  fs.writeFileSync(output, JSON.stringify({ skipped: describeFailure(err) }));
  process.exit(0);
}

const n = 3000;
const a = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 10);
const b = Float64Array.from({ length: n }, (_, i) => ((i * 53) % 97) / 10);
const data: TrainData = {
  features: { rows: n, columns: [{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }] },
  y: Float64Array.from(a, (v, i) => (v + b[i]! / 3 > 6 ? 1 : 0)),
  task: 'binary',
  nClasses: 2,
};
const rows = Int32Array.from({ length: n }, (_, i) => i);
const fit = (params: Record<string, ParamValue>, checkpoint: (fraction: number) => void): ReturnType<typeof fitRows> =>
  fitRows(data, rows, resolveTrainSpec({ datasetId: 1, target: 'y', model: 'gbdt', params }), params, 1, checkpoint);

const result: { skipped?: string; gpuError?: string; gpuFinished?: boolean; roundsBeforeLoss?: number; cpuTrees?: number } = {};
let rounds = 0;
try {
  await fit({ n_rounds: 10, device: 'gpu' }, () => {
    rounds++;
    if (rounds === 2) device?.destroy();
  });
  result.gpuFinished = true;
} catch (err) {
  result.gpuError = (err as Error).message;
}
result.roundsBeforeLoss = rounds;
if (result.gpuError?.startsWith('Gradient boosting on the GPU cannot start')) result.skipped = result.gpuError;
const cpu = await fit({ n_rounds: 10, device: 'cpu' }, () => undefined);
result.cpuTrees = (JSON.parse(JSON.stringify(cpu.model.toJSON())) as { readonly trees: readonly unknown[] }).trees.length;
fs.writeFileSync(output, JSON.stringify(result));
process.exit(0);
