/**
 * The same models on webgpu and on wasm: image probabilities within 1e-3 and the same top-1, and the
 * phase-1 head and tabular MLP training on webgpu. Runs wherever Dawn finds an adapter — on CI Mesa's
 * lavapipe, a software one (.ci/run installs it), which the backend order never picks for real work but
 * this test asks for — in a plain Node process (webgpu-parity-run.ts); elsewhere it is skipped with the
 * reason, which is checked. Kept small (4 images, tiny heads): lavapipe runs MobileNetV2 on the CPU.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Inside the repository, so the bundle's optional packages (webgpu, tfjs backends) resolve from node_modules.
const dir = path.resolve(__dirname, '../../dist', `webgpu-parity-test-${process.pid}`);
const script = path.join(dir, 'run.cjs');

interface Ran {
  readonly skipped?: string;
  readonly adapter: { readonly adapter: string; readonly software: boolean };
  readonly backend: string;
  readonly onWasm: number[];
  readonly onGpu: number[];
  readonly headValAccuracy: number;
  readonly mlpProbabilities: number[];
  readonly labels: number[];
}

let ran: Ran;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, 'webgpu-parity-run.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: script, logLevel: 'warning', packages: 'external',
  });
  const out = path.join(dir, 'ran.json');
  execFileSync(process.execPath, [script, out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 400_000 });
  ran = JSON.parse(fs.readFileSync(out, 'utf8')) as Ran;
  if (ran.skipped) console.log(`webgpu parity tests skipped: ${ran.skipped}`);
}, 420_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function top1(p: readonly number[], K: number): number[] {
  return Array.from({ length: p.length / K }, (_, i) => {
    const row = p.slice(i * K, (i + 1) * K);
    return row.indexOf(Math.max(...row));
  });
}

describe('webgpu against wasm', () => {
  it('is skipped only for a reason the backend order names', () => {
    if (ran.skipped) expect(ran.skipped).toMatch(/^(no adapter \(Dawn found no .+\)|not installed)$/);
    else expect(ran.adapter.adapter.length).toBeGreaterThan(0);
  });

  it('gives the bundled MobileNetV2 + head the same probabilities (1e-3) and top-1 at 224 px', () => {
    if (ran.skipped) return;
    expect(ran.backend).toBe('webgpu');
    expect(ran.onGpu.length).toBe(ran.onWasm.length);
    for (let i = 0; i < ran.onWasm.length; i++) expect(Math.abs(ran.onGpu[i]! - ran.onWasm[i]!)).toBeLessThan(1e-3);
    expect(top1(ran.onGpu, 3)).toEqual(top1(ran.onWasm, 3));
  });

  it('trains the phase-1 head and the tabular MLP on webgpu', () => {
    if (ran.skipped) return;
    expect(ran.headValAccuracy).toBeGreaterThan(0.9);
    const right = top1(ran.mlpProbabilities, 3).filter((k, i) => k === ran.labels[i]).length;
    expect(right / ran.labels.length).toBeGreaterThan(0.9);
  });
});
