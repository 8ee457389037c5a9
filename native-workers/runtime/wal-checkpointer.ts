/**
 * Checkpoints a bulk write's WAL on a thread of its own while the write goes on. An import's row
 * writer checkpoints only past 64 MiB of WAL (open.ts, autocheckpointPages), so a 1M-row pull's
 * ~60 MB of chunks were copied into the file, and fsynced, by its last commit, after every row was
 * in: 0.42 s of a 60 MB WAL measured alone, on the import's critical path. Here the copy follows
 * the writer a few commits behind, on the second core's idle time and the disk's; the last commit
 * copies only the tail.
 */
import { Worker } from 'node:worker_threads';
import { bundledThreadFile } from './thread-file';

/** Slots of the control block shared by the writer, this side and the thread. */
export const CHECKPOINT = { commits: 0, stop: 1, done: 2, runs: 3, size: 4 } as const;

export interface WalCheckpointerSetup {
  readonly dbPath: string;
  readonly ctrl: Int32Array;
  /** Commits of the writer between checkpoints (a column chunk set is ~3.5 MB of WAL). */
  readonly commitsPerCheckpoint: number;
}

/** How long stop() waits for a checkpoint under way to end: one copies a few commits' worth. */
const stopWaitMs = 5_000;

/** The bundled thread entry beside the worker's bundle, or null when running from source. */
export function walCheckpointThreadFile(): string | null {
  return bundledThreadFile('wal-checkpoint-thread.js');
}

export class WalCheckpointer {
  readonly ctrl = new Int32Array(new SharedArrayBuffer(CHECKPOINT.size * 4));
  /** Started once the writer has committed enough to checkpoint: a small import never pays for the thread. */
  private thread: Worker | null = null;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly dbPath: string,
    private readonly commitsPerCheckpoint = 4,
  ) {}

  /** Starts the thread when the writer's commits reach the first checkpoint (call after handing it work). */
  maybeStart(): void {
    if (this.thread || this.stopped || Atomics.load(this.ctrl, CHECKPOINT.commits) < this.commitsPerCheckpoint) return;
    const setup: WalCheckpointerSetup = { dbPath: this.dbPath, ctrl: this.ctrl, commitsPerCheckpoint: this.commitsPerCheckpoint };
    this.thread = new Worker(this.file, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.thread.unref();
    this.thread.on('error', () => undefined);
  }

  /** Checkpoints run so far (for tests). */
  get runs(): number {
    return Atomics.load(this.ctrl, CHECKPOINT.runs);
  }

  /**
   * Ends the thread once its checkpoint under way (if any) is done and its connection closed, so
   * the caller's own last commit copies the rest with no second checkpointer in its way.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.thread) {
      Atomics.store(this.ctrl, CHECKPOINT.done, 1);
      return;
    }
    Atomics.store(this.ctrl, CHECKPOINT.stop, 1);
    Atomics.notify(this.ctrl, CHECKPOINT.commits);
    const deadline = Date.now() + stopWaitMs;
    while (Atomics.load(this.ctrl, CHECKPOINT.done) === 0 && Date.now() < deadline) Atomics.wait(this.ctrl, CHECKPOINT.done, 0, 50);
  }

  /** Stops the thread without waiting (the write failed or was cancelled). */
  dispose(): void {
    this.stopped = true;
    void this.thread?.terminate();
  }
}
