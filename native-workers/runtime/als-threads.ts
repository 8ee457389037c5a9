/**
 * ALS's half steps on two cores: this thread and a worker thread (als-thread.ts) claim chunks
 * of rows from a shared counter and solve them into factor matrices in SharedArrayBuffers.
 * Claiming rather than a fixed half-and-half split keeps a descheduled thread on a busy machine
 * from holding the other up. Each row is solved by one thread with solveRows, so the factors
 * are identical to one thread's (als-threads.test.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { solveRows, type AlsRowSolver, type ResolvedAlsParams } from '../ml/recs/als';
import type { Csr } from '../ml/recs/csr';

/** Rows per claim: big enough that claiming costs nothing, small enough to balance two threads. */
export const ALS_CHUNK = 256;

/** One half step as the worker receives it; every array is shared memory except the small gram. */
export interface AlsTask {
  readonly seq: number;
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly gram: Float64Array;
  readonly params: ResolvedAlsParams;
  /** [0]: the next chunk to claim. */
  readonly claim: Int32Array;
}

export type AlsReply = { readonly seq: number; readonly ok: true; readonly rows: number } | { readonly seq: number; readonly ok: false; readonly error: string };

/** Claims chunks of `task` until none is left (finished: true) or `budget` rows are solved; returns the rows solved. */
export function solveClaimed(m: Csr, task: Pick<AlsTask, 'x' | 'y' | 'gram' | 'params' | 'claim'>, budget = Infinity): { finished: boolean; rows: number } {
  let rows = 0;
  while (rows < budget) {
    const from = Atomics.add(task.claim, 0, 1) * ALS_CHUNK;
    if (from >= m.rows) return { finished: true, rows };
    const to = Math.min(m.rows, from + ALS_CHUNK);
    solveRows(m, task.x, task.y, task.gram, task.params, from, to);
    rows += to - from;
  }
  return { finished: false, rows };
}

function sharedInt32(a: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(Math.max(8, a.byteLength)), 0, a.length);
  out.set(a);
  return out;
}

function sharedFloat64(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(Math.max(8, a.byteLength)), 0, a.length);
  out.set(a);
  return out;
}

export class AlsThreads implements AlsRowSolver {
  private readonly worker: Worker;
  private readonly sharedCsr = new WeakMap<Csr, Csr>();
  private seq = 0;
  private pending: { seq: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  private dead: Error | null = null;
  /** Rows the worker thread solved so far: a test's proof that the second core worked. */
  workerRows = 0;

  /** `workerFile`: the bundled als-thread entry (dist/workers/als-thread.js). */
  constructor(workerFile: string) {
    this.worker = new Worker(workerFile);
    this.worker.unref();
    this.worker.on('message', (r: AlsReply) => {
      const p = this.pending;
      if (!p || p.seq !== r.seq) return;
      this.pending = null;
      if (r.ok) {
        this.workerRows += r.rows;
        p.resolve();
      }
      else p.reject(new Error(`ALS worker thread: ${r.error}`));
    });
    const fail = (err: Error): void => {
      this.dead = err;
      this.pending?.reject(err);
      this.pending = null;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`The ALS worker thread exited (code ${code}).`)));
  }

  factors(n: number): Float64Array {
    return new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)), 0, n);
  }

  async solve(m: Csr, x: Float64Array, y: Float64Array, gram: Float64Array, params: ResolvedAlsParams, step: () => Promise<void>): Promise<void> {
    if (this.dead) throw this.dead;
    if (!(x.buffer instanceof SharedArrayBuffer && y.buffer instanceof SharedArrayBuffer)) throw new Error('AlsThreads.solve: the factor matrices must come from factors().');
    let csr = this.sharedCsr.get(m);
    if (!csr) {
      csr = { ...m, indptr: sharedInt32(m.indptr), indices: sharedInt32(m.indices), data: sharedFloat64(m.data) };
      this.sharedCsr.set(m, csr);
    }
    const seq = ++this.seq;
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const task: AlsTask = { seq, rows: csr.rows, indptr: csr.indptr, indices: csr.indices, data: csr.data, x, y, gram, params, claim };
    const workerDone = new Promise<void>((resolve, reject) => (this.pending = { seq, resolve, reject }));
    // Without a handler a failure that arrives while this thread is busy would be unhandled.
    workerDone.catch(() => undefined);
    this.worker.postMessage(task);
    // This thread claims too, yielding every few chunks so progress and a cancel get through.
    while (!solveClaimed(csr, task, 16 * ALS_CHUNK).finished) await step();
    await workerDone;
    await step();
  }

  async close(): Promise<void> {
    this.pending = null;
    await this.worker.terminate();
  }
}

/** Worker threads worth starting for ALS: one where a second core exists (ASSAY_RECS_THREADS=0 turns it off). */
export function alsThreadCount(): number {
  const forced = process.env.ASSAY_RECS_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(1, Number(forced));
  return os.availableParallelism() > 1 ? 1 : 0;
}

/** The bundled worker entry beside the job's own bundle (dist/workers). */
export const alsThreadFile = (dir: string): string => path.join(dir, 'als-thread.js');
