// Shared by the drift benchmarks: bundles ml/monitor for Node and generates seeded columns.
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

export const monitorBundle = path.join(root, 'dist', 'bench', 'monitor.mjs');

/** Bundles native-workers/ml/monitor into dist/bench (the parent does it once; children import it). */
export async function buildMonitor() {
  await build({
    entryPoints: [path.join(root, 'native-workers', 'ml', 'monitor', 'index.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: monitorBundle, logLevel: 'warning',
  });
}

export function loadMonitor() {
  return import(pathToFileURL(monitorBundle).href);
}

/** A seeded generator: uniform [0, 1) and standard normal (Box–Muller). */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, and plenty for generated benchmark data.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = next();
    while (u === 0) u = next();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * next();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  return { next, normal };
}
