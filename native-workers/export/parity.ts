/**
 * The parity gate: start the bundle's own server.js as a child process on
 * 127.0.0.1 (a free port), POST the golden rows and compare with the app's
 * outputs: same labels, every probability/value within 1e-6.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import type { Prediction } from '../ml/tabular/predictor';

export const parityTolerance = 1e-6;

export interface ParityResult {
  readonly rows: number;
  readonly maxDiff: number;
}

/** Largest |a − b| over probabilities/values, or a message when labels or shapes differ. */
export function compareOutputs(want: readonly Prediction[], got: readonly Prediction[]): { maxDiff: number; problem: string | null } {
  if (got.length !== want.length) return { maxDiff: Infinity, problem: `${got.length} predictions for ${want.length} rows` };
  let maxDiff = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.label !== g.label) return { maxDiff, problem: `row ${i}: label "${String(g.label)}", the app says "${String(w.label)}"` };
    for (const [k, v] of Object.entries(w.probabilities ?? {})) {
      const d = Math.abs(v - (g.probabilities?.[k] ?? NaN));
      maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
    }
    if (w.value !== undefined) {
      const d = Math.abs(w.value - (g.value ?? NaN));
      maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
    }
  }
  return { maxDiff, problem: maxDiff > parityTolerance ? `outputs differ by up to ${maxDiff} (tolerance ${parityTolerance})` : null };
}

/** Starts a bundle's server.js on a free loopback port, as a deployment would (bare environment, no log). */
export async function startBundleServer(dir: string, signal: AbortSignal): Promise<{ url: string; stop: () => void }> {
  // Plain Node with a bare environment: no Assay install, no cloud credentials. Under Electron the
  // exec path is the app binary, which ELECTRON_RUN_AS_NODE turns into Node.
  const child = spawn(process.execPath, [path.join(dir, 'server.js')], {
    cwd: dir,
    // The parity check's own requests are not predictions to monitor: no log in the bundle's folder.
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ELECTRON_RUN_AS_NODE: '1', PREDICTION_LOG: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new AssayError('PARITY_FAILED', 'The exported server did not start within 30 s.', stderr)), 30_000);
    const onAbort = (): void => reject(new AssayError('CANCELLED', 'Cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /"listening":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new AssayError('PARITY_FAILED', `The exported server.js exited (code ${code ?? '?'}) before serving: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  }).catch((err: unknown) => {
    stop();
    throw err;
  });
  return { url, stop };
}

export async function runParityGate(dir: string, rows: readonly Readonly<Record<string, unknown>>[], want: readonly Prediction[], signal: AbortSignal): Promise<ParityResult> {
  const server = await startBundleServer(dir, signal);
  try {
    const res = await fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
      signal,
    });
    const text = await res.text();
    if (!res.ok) throw new AssayError('PARITY_FAILED', `The exported server answered ${res.status} to the golden rows: ${text.slice(0, 300)}`);
    const got = (JSON.parse(text) as { predictions: Prediction[] }).predictions;
    const { maxDiff, problem } = compareOutputs(want, got);
    if (problem) throw new AssayError('PARITY_FAILED', `Parity check failed: the exported server disagrees with the app (${problem}); no bundle was written.`);
    const health = await fetch(`${server.url}/health`, { signal });
    if (!health.ok) throw new AssayError('PARITY_FAILED', `The exported server's /health answered ${health.status}.`);
    return { rows: rows.length, maxDiff };
  } catch (err) {
    if (signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    throw err;
  } finally {
    server.stop();
  }
}
