// k-NN prediction speed: 5,000 queries against 5,000 training rows × 20 columns (the bounded heap and the
// early exit of knn/neighbours.ts), against a plain full sort of every distance in the same run. This was a
// unit test until stop 17; under Stryker's instrumentation it took 117 s, so the timing lives here and the
// unit tests check only that the fast path answers as the full sort does.
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, round } from './lib.mjs';

const outfile = path.join(root, 'dist', 'bench', 'knn.mjs');
await build({
  stdin: { contents: "export * from './native-workers/ml/tabular/knn/knn.ts';", resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
});
const { KNearestNeighbours } = await import(pathToFileURL(outfile).href);

const n = 5000, p = 20, k = 5;
const data = Float64Array.from({ length: n * p }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
const y = Float64Array.from({ length: n }, (_, i) => i % 3);
const m = new KNearestNeighbours({ k });
m.fit({ rows: n, cols: p, data }, y, { task: 'multiclass', nClasses: 3, seed: 0 });
let t = performance.now();
const pred = m.predict({ rows: n, cols: p, data });
const knnMs = performance.now() - t;

// The reference: every distance, sorted, the first k voted.
t = performance.now();
let agree = 0;
const d2 = new Float64Array(n);
const order = new Int32Array(n);
for (let q = 0; q < n; q++) {
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += (data[r * p + j] - data[q * p + j]) ** 2;
    d2[r] = s;
    order[r] = r;
  }
  order.sort((a, b) => d2[a] - d2[b] || a - b);
  const votes = [0, 0, 0];
  for (let i = 0; i < k; i++) votes[y[order[i]]] += 1 / k;
  if (votes.every((v, c) => Math.abs(v - pred[q * 3 + c]) < 1e-12)) agree++;
}
const sortMs = performance.now() - t;
console.log(JSON.stringify({ bench: 'knn', queries: n, rows: n, cols: p, k, knnMs: round(knnMs), fullSortMs: round(sortMs), speedup: round(sortMs / knnMs), agree, goalMs: 10_000, met: knnMs < 10_000 && agree === n }));
