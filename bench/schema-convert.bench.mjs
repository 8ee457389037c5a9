// The per-cell cost of schema inference: converting the import benchmark's rows with the types
// inference now finds (id, date parsed to ISO, categorical…) against the same rows with the types
// the old inference found (integer, text for dates), in the same run. Also the time to infer a
// 5,000-row sample. Bundles native-workers/ml/infer.ts and ml/schema with esbuild (no build needed).
import { build } from 'esbuild';
import { root, round } from './lib.mjs';

const bundle = await build({
  stdin: {
    contents: `export { convert } from './native-workers/ml/infer'; export { inferSchema } from './native-workers/ml/schema/infer-column';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
});
const { convert, inferSchema } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

const header = ['id', 'customer', 'region', 'plan', 'tenure_months', 'monthly_fee', 'usage_gb', 'support_calls', 'signup_date', 'churned'];
const regions = ['north', 'south', 'east', 'west', 'central'];
const plans = ['basic', 'plus', 'pro'];
const n = 400_000;
const rows = [];
for (let i = 1; i <= n; i++) {
  rows.push([
    String(i), `cust_${(i * 7919) % 1000003}`, regions[i % 5], plans[i % 3], String(i % 72), (19.99 + (i % 50)).toFixed(2),
    ((i * 0.37) % 500).toFixed(3), String(i % 9), `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, i % 7 === 0 ? 'yes' : 'no',
  ]);
}

// The second of two runs: the first includes compiling the code.
inferSchema({ columns: header, rows: rows.slice(5000, 10000) });
const t0 = performance.now();
const schema = inferSchema({ columns: header, rows: rows.slice(0, 5000) });
const inferMs = performance.now() - t0;
const types = schema.columns.map((c) => c.type);
const formats = schema.columns.map((c) => c.format);
// What ml/infer.ts's inferType found before schema inference: no ids, dates or categories.
const oldTypes = types.map((t) => (t === 'id' ? 'integer' : t === 'date' || t === 'datetime' || t === 'categorical' ? 'text' : t));

function pass(ts, fs) {
  let sink = 0;
  const start = performance.now();
  for (const r of rows) for (let j = 0; j < r.length; j++) if (convert(r[j], ts[j], fs[j]).value !== null) sink++;
  return { ms: performance.now() - start, sink };
}
// Alternate and keep the best of 5 each, so one noisy moment on a shared machine does not decide.
const best = { old: Infinity, now: Infinity };
for (let k = 0; k < 5; k++) {
  best.old = Math.min(best.old, pass(oldTypes, oldTypes.map(() => null)).ms);
  best.now = Math.min(best.now, pass(types, formats).ms);
}
const cells = n * header.length;
console.log(JSON.stringify({
  bench: 'schema-convert',
  types: Object.fromEntries(header.map((h, j) => [h, formats[j] ? `${types[j]} ${formats[j]}` : types[j]])),
  inferSample5000Ms: round(inferMs, 1),
  cells,
  oldTypesMCellsPerS: round(cells / best.old / 1000, 2),
  inferredTypesMCellsPerS: round(cells / best.now / 1000, 2),
  ratioInferredToOld: round(best.old / best.now, 3),
}));
