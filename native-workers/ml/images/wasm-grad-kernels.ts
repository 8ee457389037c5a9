import type { DataId, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

type Tf = typeof import('@tensorflow/tfjs');

/**
 * The wasm backend (tfjs 4.22) has no Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter or
 * DepthwiseConv2dNativeBackpropInput, so a conv net cannot train on it. These kernels build them from wasm
 * kernels that exist (Transpose, PadV2, Slice, Reshape, Sum, BatchMatMul, Reverse, dilated Conv2D and
 * DepthwiseConv2dNative), calling them at the backend level: intermediates never become engine tensors and
 * are freed with `backend.disposeData`, so `tf.memory()` is unchanged by a gradient step.
 *
 * Only NHWC, dilation 1 in the forward op (tfjs refuses gradients of dilated convs anyway) and depthwise
 * multiplier 1 (MobileNet's) are handled; anything else throws rather than computing a wrong gradient.
 */

interface WasmLikeBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

interface Ctx {
  tf: Tf;
  backend: WasmLikeBackend;
  /** Intermediates to free once the output exists. */
  temps: TensorInfo[];
}

const names = {
  conv2dFilter: 'Conv2DBackpropFilter',
  depthwiseFilter: 'DepthwiseConv2dNativeBackpropFilter',
  depthwiseInput: 'DepthwiseConv2dNativeBackpropInput',
} as const;

function isBackend(value: unknown): value is WasmLikeBackend {
  return typeof value === 'object' && value !== null && typeof (value as { disposeData?: unknown }).disposeData === 'function';
}

/** Runs an existing wasm kernel; the result is remembered as a temporary unless `keep`. */
function run(ctx: Ctx, kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap, keep = false): TensorInfo {
  const kernel = ctx.tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm backend has no ${kernelName} kernel`);
  const out = kernel.kernelFunc({ inputs, attrs, backend: ctx.backend as unknown as object });
  const info = Array.isArray(out) ? out[0] : out;
  if (!info) throw new Error(`${kernelName} returned nothing`);
  if (!keep) ctx.temps.push(info);
  return info;
}

function transpose(ctx: Ctx, x: TensorInfo, perm: number[]): TensorInfo {
  return run(ctx, 'Transpose', { x }, { perm });
}
function reshape(ctx: Ctx, x: TensorInfo, shape: number[]): TensorInfo {
  return run(ctx, 'Reshape', { x }, { shape });
}
function slice(ctx: Ctx, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return run(ctx, 'Slice', { x }, { begin, size });
}
function pad(ctx: Ctx, x: TensorInfo, paddings: [number, number][]): TensorInfo {
  if (paddings.every(([a, b]) => a === 0 && b === 0)) return x;
  return run(ctx, 'PadV2', { x }, { paddings, constantValue: 0 });
}

/** Pads (positive) or crops (negative) the two spatial axes of an NHWC tensor. */
function padOrCrop(ctx: Ctx, x: TensorInfo, top: number, bottom: number, left: number, right: number): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const ct = Math.max(0, -top);
  const cb = Math.max(0, -bottom);
  const cl = Math.max(0, -left);
  const cr = Math.max(0, -right);
  let y = x;
  if (ct || cb || cl || cr) y = slice(ctx, y, [0, ct, cl, 0], [n, h - ct - cb, w - cl - cr, c]);
  return pad(ctx, y, [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ]);
}

/** Inserts stride-1 zeros after every row and column (NHWC), giving [n, h*sh, w*sw, c]. */
function zeroInsert(ctx: Ctx, x: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  let y = x;
  if (sh > 1) {
    const r = reshape(ctx, y, [n * h, 1, w * c]);
    y = reshape(ctx, pad3(ctx, r, sh - 1), [n, h * sh, w, c]);
  }
  if (sw > 1) {
    const r = reshape(ctx, y, [n * h * sh * w, 1, c]);
    y = reshape(ctx, pad3(ctx, r, sw - 1), [n, h * sh, w * sw, c]);
  }
  return y;
}
function pad3(ctx: Ctx, x: TensorInfo, after: number): TensorInfo {
  return pad(ctx, x, [
    [0, 0],
    [0, after],
    [0, 0],
  ]);
}

function convInfo(tf: Tf, xShape: number[], filterShape: number[], attrs: NamedAttrMap, depthwise: boolean) {
  const strides = attrs['strides'] as [number, number] | number;
  const dilations = (attrs['dilations'] as [number, number] | number | undefined) ?? 1;
  const dil = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (dil[0] !== 1 || dil[1] !== 1) throw new Error('wasm gradient kernels: dilated convolutions are not supported');
  const format = attrs['dataFormat'] as string | undefined;
  if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') {
    throw new Error(`wasm gradient kernels: dataFormat ${format} is not supported (NHWC only)`);
  }
  const padAttr = attrs['pad'] as 'valid' | 'same' | number | 'explicit';
  const rounding = attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    padAttr as 'valid' | 'same' | number,
    rounding,
    depthwise,
  );
}

function finish(ctx: Ctx, out: TensorInfo): TensorInfo {
  for (const t of ctx.temps) if (t !== out) ctx.backend.disposeData(t.dataId);
  return out;
}

function withCtx(tf: Tf, backend: unknown, body: (ctx: Ctx) => TensorInfo): TensorInfo {
  if (!isBackend(backend)) throw new Error('wasm gradient kernels: backend has no disposeData');
  const ctx: Ctx = { tf, backend, temps: [] };
  try {
    return finish(ctx, body(ctx));
  } catch (err) {
    for (const t of ctx.temps) backend.disposeData(t.dataId);
    throw err;
  }
}

/** dW[kh,kw,ci,co] = Σ x_padded[n, i·s+kh, j·s+kw, ci] · dy[n,i,j,co]: a conv of x (batch as channels) with dy as a filter dilated by the stride. */
function conv2dBackpropFilter(tf: Tf, x: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap, backend: unknown): TensorInfo {
  const filterShape = attrs['filterShape'] as [number, number, number, number];
  const info = convInfo(tf, x.shape, filterShape, attrs, false);
  const [kh, kw, ci, co] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  const [n, h, w] = x.shape as [number, number, number, number];
  return withCtx(tf, backend, (ctx) => {
    if (kh === 1 && kw === 1 && info.strideHeight === 1 && info.strideWidth === 1 && top + bottom + left + right === 0) {
      // Pointwise convs (most of MobileNet's weights): dW = xᵀ·dy, run as a 1×1 Conv2D (XNNPACK's GEMM) of
      // xᵀ [1,1,ci,nhw] with dy [1,1,nhw,co] as the filter: measured ~10× faster than BatchMatMul with transposeA.
      const xt = reshape(ctx, transpose(ctx, reshape(ctx, x, [n * h * w, ci]), [1, 0]), [1, 1, ci, n * h * w]);
      const f = reshape(ctx, dy, [1, 1, n * h * w, co]);
      const m = run(ctx, 'Conv2D', { x: xt, filter: f }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
      return run(ctx, 'Reshape', { x: m }, { shape: [1, 1, ci, co] }, true);
    }
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    // Bottom/right padding only as far as the last output row/column reaches.
    const xp = padOrCrop(ctx, x, top, (oh - 1) * sh + kh - h - top, left, (ow - 1) * sw + kw - w - left);
    const xt = transpose(ctx, xp, [3, 1, 2, 0]); // [ci, Hp, Wp, n]
    const dyt = transpose(ctx, dy, [1, 2, 0, 3]); // [oh, ow, n, co]
    const r = run(ctx, 'Conv2D', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] }); // [ci, kh, kw, co]
    return run(ctx, 'Transpose', { x: r }, { perm: [1, 2, 0, 3] }, true);
  });
}

/** dW[kh,kw,c] = Σ_n,i,j x_padded[n, i·s+kh, j·s+kw, c] · dy[n,i,j,c]: a depthwise conv over (batch × channel) "channels", summed over the batch. */
function depthwiseBackpropFilter(tf: Tf, x: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap, backend: unknown): TensorInfo {
  const filterShape = attrs['filterShape'] as [number, number, number, number];
  const info = convInfo(tf, x.shape, filterShape, attrs, true);
  const [kh, kw, c, mult] = filterShape;
  if (mult !== 1) throw new Error(`wasm gradient kernels: depthwise multiplier ${mult} is not supported (1 only)`);
  const { top, left } = info.padInfo;
  const [n, h, w] = x.shape as [number, number, number, number];
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  return withCtx(tf, backend, (ctx) => {
    const hp = (oh - 1) * sh + kh;
    const wp = (ow - 1) * sw + kw;
    const xp = padOrCrop(ctx, x, top, hp - h - top, left, wp - w - left);
    const xt = reshape(ctx, transpose(ctx, xp, [1, 2, 0, 3]), [1, hp, wp, n * c]);
    const dyt = reshape(ctx, transpose(ctx, dy, [1, 2, 0, 3]), [oh, ow, n * c, 1]);
    const r = run(ctx, 'DepthwiseConv2dNative', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dilations: [sh, sw] }); // [1, kh, kw, n*c]
    const s = run(ctx, 'Sum', { x: reshape(ctx, r, [kh, kw, n, c]) }, { axis: [2], keepDims: false });
    return run(ctx, 'Reshape', { x: s }, { shape: [kh, kw, c, 1] }, true);
  });
}

/** dx = the stride-dilated dy, padded, convolved depthwise with the filter turned by 180°. */
function depthwiseBackpropInput(tf: Tf, dy: TensorInfo, filter: TensorInfo, attrs: NamedAttrMap, backend: unknown): TensorInfo {
  const inputShape = attrs['inputShape'] as [number, number, number, number];
  const info = convInfo(tf, inputShape, filter.shape, attrs, true);
  const [kh, kw, , mult] = filter.shape as [number, number, number, number];
  if (mult !== 1) throw new Error(`wasm gradient kernels: depthwise multiplier ${mult} is not supported (1 only)`);
  const [, h, w] = inputShape;
  const { top, left } = info.padInfo;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  return withCtx(tf, backend, (ctx) => {
    const d = zeroInsert(ctx, dy, sh, sw); // [n, oh*sh, ow*sw, c]
    const pt = kh - 1 - top;
    const pl = kw - 1 - left;
    const dp = padOrCrop(ctx, d, pt, h + kh - 1 - pt - oh * sh, pl, w + kw - 1 - pl - ow * sw);
    const flipped = run(ctx, 'Reverse', { x: filter }, { dims: [0, 1] });
    return run(ctx, 'DepthwiseConv2dNative', { x: dp, filter: flipped }, { strides: [1, 1], pad: 'valid', dilations: [1, 1] }, true);
  });
}

/** dx of a 1×1 stride-1 unpadded conv = dy·Wᵀ: a 1×1 Conv2D (XNNPACK) of dy with the filter's in/out swapped. */
function pointwiseBackpropInput(tf: Tf, dy: TensorInfo, filter: TensorInfo, backend: unknown): TensorInfo {
  const [, , ci, co] = filter.shape as [number, number, number, number];
  return withCtx(tf, backend, (ctx) => {
    const wt = reshape(ctx, transpose(ctx, reshape(ctx, filter, [ci, co]), [1, 0]), [1, 1, co, ci]);
    return run(ctx, 'Conv2D', { x: dy, filter: wt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] }, true);
  });
}

function isPointwise(tf: Tf, inputShape: number[], filterShape: number[], attrs: NamedAttrMap): boolean {
  if (filterShape[0] !== 1 || filterShape[1] !== 1) return false;
  const format = attrs['dataFormat'] as string | undefined;
  if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') return false;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { top, bottom, left, right } = info.padInfo;
  return info.strideHeight === 1 && info.strideWidth === 1 && top + bottom + left + right === 0;
}

const fastInputKernels = new WeakSet<object>();

/**
 * tfjs-wasm's own Conv2DBackpropInput is a plain loop, ~10× slower than XNNPACK on MobileNet's 1×1 convs:
 * those go through pointwiseBackpropInput, everything else to the original kernel.
 */
function speedUpConv2dBackpropInput(tf: Tf): void {
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original || fastInputKernels.has(original.kernelFunc)) return;
  const originalFunc = original.kernelFunc;
  const kernelFunc: KernelConfig['kernelFunc'] = (args) => {
    const dy = args.inputs['dy'];
    const filter = args.inputs['filter'];
    const attrs = args.attrs ?? {};
    if (dy && filter && isPointwise(tf, attrs['inputShape'] as number[], filter.shape, attrs)) {
      return pointwiseBackpropInput(tf, dy, filter, args.backend);
    }
    return originalFunc(args);
  };
  fastInputKernels.add(kernelFunc);
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
}

/**
 * Registers Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput for
 * the wasm backend. Idempotent (a kernel already registered for wasm, ours or a future tfjs's own, is left alone);
 * it registers for the backend named 'wasm' only, so other backends are unaffected whichever is active.
 * It also routes wasm's own Conv2DBackpropInput through XNNPACK for 1×1 stride-1 convs (the rest unchanged).
 */
export function registerWasmGradKernels(tf: Tf): void {
  const configs: KernelConfig[] = [
    {
      kernelName: names.conv2dFilter,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => conv2dBackpropFilter(tf, need(inputs, 'x'), need(inputs, 'dy'), attrs ?? {}, backend),
    },
    {
      kernelName: names.depthwiseFilter,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => depthwiseBackpropFilter(tf, need(inputs, 'x'), need(inputs, 'dy'), attrs ?? {}, backend),
    },
    {
      kernelName: names.depthwiseInput,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => depthwiseBackpropInput(tf, need(inputs, 'dy'), need(inputs, 'filter'), attrs ?? {}, backend),
    },
  ];
  for (const config of configs) {
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  }
  speedUpConv2dBackpropInput(tf);
}

function need(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const t = inputs[name];
  if (!t) throw new Error(`wasm gradient kernels: missing input ${name}`);
  return t;
}
