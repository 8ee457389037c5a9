/**
 * The WebAssembly SIMD first pass of serving's factor ranking (wasm/score.ts, 4–6× the JS loop):
 * one memory per item-factor matrix holds its float32 copy, the user's vector and the scores.
 * Compiled synchronously: the module is under 1 KB, and a served model is prepared in a
 * constructor (LiveRecommender), so its first request is not the slow one. Where WebAssembly or
 * its SIMD is missing, `simdScorer` says why and rank-factors.ts uses its JS loop.
 */
import { scoreKernelBase64 } from './score-kernel-bytes';

interface ScoreExports {
  score(u: number, y: number, f: number, n: number, out: number): void;
}

/**
 * The part of the WebAssembly API used here, read from globalThis: TypeScript declares it only in
 * lib.dom, and ml/ is compiled by projects with and without it (main, workers, the bundle).
 */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: object, imports: { env: { memory: object } }) => { readonly exports: unknown };
}
const globalWasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;

export interface SimdScorer {
  /** The float32 item factors, inside the kernel's memory (the JS fallback and the kernel read the same copy). */
  readonly y32: Float32Array;
  /** out[j] = Σ_a f32(u[a])·y32[j·f + a], summed in float32 as wasm/score.ts does, widened to float64. */
  score(u: Float64Array, out: Float64Array): void;
}

interface Kernel {
  readonly wasm: Wasm;
  readonly module: object;
}

let compiled: Kernel | string | undefined;

function compile(): Kernel | string {
  if (!globalWasm) return 'WebAssembly is not available';
  try {
    return { wasm: globalWasm, module: new globalWasm.Module(Uint8Array.from(atob(scoreKernelBase64), (c) => c.charCodeAt(0))) };
  } catch (e) {
    // An engine without SIMD refuses the module at compile time.
    return `this engine cannot compile the scoring kernel (WebAssembly SIMD needed): ${(e as Error).message}`;
  }
}

const PAGE = 65536;

/** A scorer over `y` (n × f, row-major), or why none can run here. */
export function simdScorer(y: Float64Array, f: number): SimdScorer | string {
  compiled ??= compile();
  if (typeof compiled === 'string') return compiled;
  const { wasm, module } = compiled;
  const n = y.length / f;
  // Layout: u (f floats, rounded up to 16 bytes), then y, then out.
  const uAt = 0;
  const yAt = Math.ceil((f * 4) / 16) * 16;
  const outAt = yAt + y.length * 4;
  const bytes = outAt + n * 4;
  if (bytes > 2 ** 31) return `the item factors (${n} × ${f}) do not fit the kernel's 32-bit memory`;
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / PAGE) });
  const kernel = new wasm.Instance(module, { env: { memory } }).exports as ScoreExports;
  const y32 = new Float32Array(memory.buffer, yAt, y.length);
  y32.set(y);
  const u32 = new Float32Array(memory.buffer, uAt, f);
  const out32 = new Float32Array(memory.buffer, outAt, n);
  return {
    y32,
    score(u: Float64Array, out: Float64Array): void {
      u32.set(u);
      kernel.score(uAt, yAt, f, n, outAt);
      out.set(out32);
    },
  };
}
