import { describe, expect, it } from 'vitest';
import { binMatrix } from '../binning';
import { GradientCriterion } from '../criteria';
import { GradientBoosting } from '../gbdt';
import { GpuTreeGrower, type GpuGrowerLimits, type GpuGrowOptions } from './grower';
import { PARTITION_WGSL, SPLIT_WORDS, TILE_ROWS, WORKGROUP } from './kernels';
import type { GpuBindGroupLike, GpuBufferLike, GpuCommandEncoderLike, GpuDeviceLike, GpuPipelineLike } from './webgpu-types';

/*
 * The grower's host side (fixed-point scale, passes, split table, renumbering) on a device whose kernels run
 * here in JS as kernels.ts's WGSL specifies them: one invocation per dispatched thread, 64-bit sums as two
 * wrapping u32 words. Dawn cannot run inside vitest's worker; gpu-trees.test.ts runs the real shaders.
 */

class FakeBuffer implements GpuBufferLike {
  readonly data: ArrayBuffer;
  constructor(readonly size: number) {
    this.data = new ArrayBuffer(size);
  }
  mapAsync(): Promise<void> {
    return Promise.resolve();
  }
  getMappedRange(): ArrayBuffer {
    return this.data;
  }
  unmap(): void {
    return undefined;
  }
  destroy(): void {
    return undefined;
  }
}

const bytesOf = (b: GpuBufferLike, offset = 0, size?: number): Uint8Array => new Uint8Array((b as FakeBuffer).data, offset, size);

/** histogram(r) or partition(r) of kernels.ts for row r, over the buffers bound in their binding order. */
function kernel(code: string, bound: GpuBufferLike[]): (r: number) => void {
  const u32 = (i: number): Uint32Array => new Uint32Array((bound[i] as FakeBuffer).data);
  const i32 = (i: number): Int32Array => new Int32Array((bound[i] as FakeBuffer).data);
  const [n, words, cols, totalBins, slotBase, slotCount] = u32(0);
  const codes = u32(1);
  const codeOf = (r: number, f: number): number => (codes[r * words! + (f >> 2)]! >>> ((f & 3) * 8)) & 0xff;
  if (code === PARTITION_WGSL) {
    const split = i32(2);
    const rowNode = i32(3);
    return (r) => {
      if (r >= n! || rowNode[r]! < 0) return;
      const o = rowNode[r]! * SPLIT_WORDS;
      if (split[o]! < 0) return;
      const c = codeOf(r, split[o]!);
      const left = c === split[o + 2] ? split[o + 3] === 1 : c <= split[o + 1]!;
      rowNode[r] = left ? split[o + 4]! : split[o + 5]!;
    };
  }
  const [gh, rowNode, slotOf, binOffset, hist, counts] = [u32(2), i32(3), i32(4), u32(5), u32(6), u32(7)];
  const add64 = (i: number, lo: number, hi: number): void => {
    const old = hist[i]!;
    hist[i] = old + lo;
    hist[i + 1] = hist[i + 1]! + hi + (hist[i]! < old ? 1 : 0);
  };
  return (r) => {
    if (r >= n! || rowNode[r]! < 0) return;
    const s = slotOf[rowNode[r]!]!;
    if (s < slotBase! || s >= slotBase! + slotCount!) return;
    const slot = s - slotBase!;
    counts[slot]!++;
    for (let f = 0; f < cols!; f++) {
      const at = (slot * totalBins! + binOffset[f]! + codeOf(r, f)) * 4;
      add64(at, gh[r * 4]!, gh[r * 4 + 1]!);
      add64(at + 2, gh[r * 4 + 2]!, gh[r * 4 + 3]!);
    }
  };
}

/** The rows a dispatch's threads reach: rowOf for one thread a row, the private kernel's tiles of TILE_ROWS a thread. */
function rowsOf(code: string, params: Uint32Array, x: number, y: number): number[] {
  const rows: number[] = [];
  const tile = code.includes('var<workgroup>') ? WORKGROUP * TILE_ROWS : 0;
  for (let gy = 0; gy < y; gy++) {
    for (let gx = 0; gx < x; gx++) {
      const first = tile ? (gx + gy * x) * tile : gx * WORKGROUP + gy * params[6]!;
      for (let t = 0; t < (tile || WORKGROUP); t++) rows.push(first + t);
    }
  }
  return rows;
}

/** `widths` collects each dispatch's workgroup count in x. */
function fakeDevice(limits: Partial<GpuDeviceLike['limits']> = {}, widths: number[] = []): GpuDeviceLike {
  const codeOf = new Map<GpuPipelineLike, string>();
  const boundOf = new Map<GpuBindGroupLike, GpuBufferLike[]>();
  const encoder = (): GpuCommandEncoderLike => {
    const ops: (() => void)[] = [];
    return {
      beginComputePass: () => {
        let code = '';
        let bound: GpuBufferLike[] = [];
        return {
          setPipeline: (p) => void (code = codeOf.get(p)!),
          setBindGroup: (_i, g) => void (bound = boundOf.get(g)!),
          dispatchWorkgroups: (x, y = 1) => {
            widths.push(x);
            ops.push(() => rowsOf(code, new Uint32Array((bound[0] as FakeBuffer).data), x, y).forEach(kernel(code, bound)));
          },
          end: () => undefined,
        };
      },
      clearBuffer: (b, offset = 0, size) => void ops.push(() => bytesOf(b, offset, size).fill(0)),
      copyBufferToBuffer: (src, so, dst, d, size) => void ops.push(() => bytesOf(dst, d, size).set(bytesOf(src, so, size))),
      finish: () => ops,
    };
  };
  return {
    limits: { maxStorageBufferBindingSize: 2 ** 27, maxComputeWorkgroupsPerDimension: 65535, maxComputeWorkgroupStorageSize: 16384, ...limits },
    queue: {
      writeBuffer: (b, offset, data) => bytesOf(b, offset).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      submit: (commands) => (commands as (() => void)[][]).forEach((ops) => ops.forEach((op) => op())),
    },
    createBuffer: ({ size }) => new FakeBuffer(size),
    createShaderModule: ({ code }) => code,
    createComputePipeline: ({ compute }) => {
      const p = { getBindGroupLayout: () => ({}) };
      codeOf.set(p, compute.module as string);
      return p;
    },
    createBindGroup: ({ entries }) => {
      const g = {};
      boundOf.set(g, entries.map((e) => e.resource.buffer));
      return g;
    },
    createCommandEncoder: encoder,
    pushErrorScope: () => undefined,
    popErrorScope: () => Promise.resolve(null),
    destroy: () => undefined,
  };
}

/** One feature column, its values as given. */
const column = (values: number[]) => binMatrix({ rows: values.length, cols: 1, data: Float64Array.from(values) });
const growOptions = (minGain = 0, maxDepth = 3, minChildWeight = 1): GpuGrowOptions => ({
  criterion: new GradientCriterion(1, minChildWeight, 1), maxDepth, minGain, features: Int32Array.of(0),
});

describe('GpuTreeGrower on a device that runs the kernels in JS', () => {
  it('splits a node of two rows whose hessian is exactly twice the minimum child weight (as the CPU does)', async () => {
    const grower = await GpuTreeGrower.create(fakeDevice(), column([0, 1]));
    const { tree, leafOfRow } = await grower.grow(Float64Array.of(1, 1, -1, 1), null, growOptions(), new Float64Array(1));
    expect([tree.feature[0], [...leafOfRow]]).toEqual([0, [1, 2]]);
  });

  it('splits only on a gain above minGain, not equal to it', async () => {
    const grower = await GpuTreeGrower.create(fakeDevice(), column([0, 1]));
    const gh = Float64Array.of(1, 1, -1, 1);
    const gain = new Float64Array(1);
    await grower.grow(gh, null, growOptions(), gain);
    const { tree } = await grower.grow(gh, null, growOptions(gain[0]!), new Float64Array(1));
    expect(gain[0]).toBeGreaterThan(0);
    expect(tree.feature[0]).toBe(-1);
  });

  it('leaves rows out of the tree at -1 and the sampled ones at the root when the root cannot split', async () => {
    const grower = await GpuTreeGrower.create(fakeDevice(), column([0, 1, 2, 3]));
    const { tree, leafOfRow } = await grower.grow(Float64Array.of(1, 1, 0.5, 1, -1, 1, 0.25, 1), Int32Array.of(1, 3), growOptions(0, 3, 2), new Float64Array(1));
    expect([...tree.feature, ...leafOfRow]).toEqual([-1, -1, 0, -1, 0]);
    expect(tree.value[0]).toBeCloseTo(-0.75 / 3, 15);
  });

  it('scales gradient pairs by the hessians too where they dwarf the gradients (no 64-bit overflow in a bin)', async () => {
    // 2,100 rows a bin of hessian 1 and gradients of 0.001: scaled for the gradients alone (2^52), the bin's
    // hessian sum passes 2^63 and reads back negative.
    const n = 4200;
    const grower = await GpuTreeGrower.create(fakeDevice(), column(Array.from({ length: n }, (_, r) => (r < n / 2 ? 0 : 1))));
    const gh = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) gh.set([r < n / 2 ? 1e-3 : -1e-3, 1], 2 * r);
    const { tree } = await grower.grow(gh, null, growOptions(), new Float64Array(1));
    expect(tree.feature[0]).toBe(0);
    expect(tree.value[1]).toBeCloseTo(-2.1 / 2101, 12);
    expect(tree.value[2]).toBeCloseTo(2.1 / 2101, 12);
  });

  it('keeps a workgroups-per-dimension cap below the device\'s in every dispatch, the private kernel\'s tiles too', async () => {
    // 4,200 rows: over 4,096 (256 threads × 16 rows a tile), so even the private kernel needs two workgroups.
    const n = 4200;
    const binned = column(Array.from({ length: n }, (_, r) => r % 7));
    const gh = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) gh.set([r % 7 < 3 ? 1 : -1, 1], 2 * r);
    const grow = async (limits: GpuGrowerLimits, widths: number[]) => {
      const passes = { private: 0, global: 0 };
      const grower = await GpuTreeGrower.create(fakeDevice({}, widths), binned, { limits }, passes);
      const { tree } = await grower.grow(gh, null, growOptions(), new Float64Array(1));
      return { tree: [...tree.feature, ...tree.threshold, ...tree.value], passes };
    };
    const free: number[] = [];
    const capped: number[] = [];
    const a = await grow({}, free);
    const b = await grow({ workgroupsPerDimension: 1 }, capped);
    expect(b.tree).toEqual(a.tree);
    expect(b.passes.private).toBeGreaterThan(0);
    expect(Math.max(...free)).toBeGreaterThan(1);
    expect(Math.max(...capped)).toBe(1);
  });

  it('grows the CPU learner\'s trees over several passes a level and two-dimensional dispatches', async () => {
    // A seeded table with missing values. Five nodes a pass (full passes take the global kernel: 5 × 256 bins
    // overflow 16 KB; the rest the private one) and one workgroup a dimension, so slot bases and y matter.
    let s = 99;
    const u = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = 600;
    const cols = 4;
    const data = new Float64Array(n * cols);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = j === 3 ? Math.floor(u() * 3) : u() * 4 - 2;
      if (u() < 0.1) data[i * cols + 1] = NaN;
      y[i] = data[i * cols]! + (Number.isNaN(data[i * cols + 1]!) ? 1 : data[i * cols + 1]!) + data[i * cols + 3]! + u() > 1 ? 1 : 0;
    }
    const X = { rows: n, cols, data };
    const params = { nRounds: 3, maxDepth: 4, subsample: 0.8 };
    const opts = { task: 'binary' as const, nClasses: 2, seed: 3 };
    const cpu = new GradientBoosting(params);
    cpu.fit(X, y, opts);
    const passes = { private: 0, global: 0 };
    const device = fakeDevice({ maxComputeWorkgroupsPerDimension: 1 });
    const onGpu = new GradientBoosting(params, {
      gpu: { makeGrower: (binned) => GpuTreeGrower.create({ ...device, limits: { ...device.limits, maxStorageBufferBindingSize: 5 * binned.binOffset[cols]! * 16 } }, binned, {}, passes) },
    });
    await onGpu.fit(X, y, opts);
    const shape = (m: GradientBoosting) => m.toJSON().trees.map((t) => [t.feature, t.threshold, t.left, t.right]);
    expect(shape(onGpu)).toEqual(shape(cpu));
    const [a, b] = [cpu.predict(X), onGpu.predict(X)];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-9);
    expect(passes.private).toBeGreaterThan(0);
    expect(passes.global).toBeGreaterThan(0);

    // The same caps asked for through the options, on a device whose own limits are far above them.
    const capped = { private: 0, global: 0 };
    const limits = { slotsPerPass: 2, workgroupsPerDimension: 1 };
    const widths: number[] = [];
    const onCapped = new GradientBoosting(params, { gpu: { makeGrower: (binned) => GpuTreeGrower.create(fakeDevice({}, widths), binned, { limits }, capped) } });
    await onCapped.fit(X, y, opts);
    expect(shape(onCapped)).toEqual(shape(cpu));
    expect(capped.private + capped.global).toBeGreaterThan(passes.private + passes.global);
    expect(widths.length).toBeGreaterThan(0);
    expect(Math.max(...widths)).toBe(1);

    // Both caps count: with the device's own limits far above them, a level fits one pass.
    const free = { private: 0, global: 0 };
    await new GradientBoosting(params, { gpu: { makeGrower: (binned) => GpuTreeGrower.create(fakeDevice(), binned, {}, free) } }).fit(X, y, opts);
    expect(passes.private + passes.global).toBeGreaterThan(free.private + free.global);
  });
});
