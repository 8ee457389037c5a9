/**
 * A served image classifier, run in its own worker thread: decoding a photo
 * and a forward pass through MobileNetV2 take tens to hundreds of
 * milliseconds, which on the serving thread would stall every other request,
 * /health and /metrics with it (a tabular row takes ~0.1 ms, so it stays
 * in-process). The thread decodes (header checked first, so a huge image is
 * refused before any pixel is allocated), hashes, preprocesses and classifies
 * exactly as the images predict job does; requests are answered in order.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageModelRow } from '../../../native-workers/project/images';
import { AssayError } from '../../../preload/contract/errors';
import { distDir } from '../paths';

export interface ImageThreadData {
  readonly row: ImageModelRow;
  /** Names the model in errors ("shapes version 2"). */
  readonly what: string;
}

export interface ImageThreadRequest {
  readonly id: number;
  readonly images: readonly Uint8Array[];
}

/** One image's answer: its probabilities in class order, or why it cannot be used (not an image, damaged, too large). */
export type ImageOutcome =
  | { readonly sha256: string; readonly format: string; readonly width: number; readonly height: number; readonly probabilities: readonly number[] }
  | { readonly sha256: string; readonly error: string };

export type ImageThreadMessage =
  | { readonly type: 'ready'; readonly classes: readonly string[]; readonly inputSize: number }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'answer'; readonly id: number; readonly outcomes: readonly ImageOutcome[] }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

interface Pending {
  resolve(outcomes: readonly ImageOutcome[]): void;
  reject(err: Error): void;
}

export class ImagePredictor {
  readonly classes: readonly string[];
  readonly inputSize: number;
  private readonly thread: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private idle: (() => void) | null = null;

  private constructor(thread: Worker, classes: readonly string[], inputSize: number) {
    this.thread = thread;
    this.classes = classes;
    this.inputSize = inputSize;
    thread.on('message', (m: ImageThreadMessage) => {
      if (m.type !== 'answer' && m.type !== 'error') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'answer') p.resolve(m.outcomes);
      else p.reject(new Error(m.message));
      if (this.pending.size === 0) this.idle?.();
    });
    const fail = (why: string): void => {
      for (const p of this.pending.values()) p.reject(new Error(why));
      this.pending.clear();
      this.idle?.();
    };
    thread.on('error', (err) => fail(`The image model's thread failed: ${err.message}`));
    thread.on('exit', () => fail("The image model's thread stopped."));
  }

  /** Starts the thread and waits until the model is loaded and warmed (a changed backbone is refused here). */
  static start(data: ImageThreadData): Promise<ImagePredictor> {
    const thread = new Worker(path.join(distDir(), 'workers', 'image-predict-thread.js'), { workerData: data });
    // The HTTP server keeps a serving process alive; an idle model thread must not.
    thread.unref();
    return new Promise((resolve, reject) => {
      const early = (m: ImageThreadMessage): void => {
        if (m.type === 'ready') {
          thread.off('message', early);
          thread.off('error', crashed);
          thread.off('exit', exited);
          resolve(new ImagePredictor(thread, m.classes, m.inputSize));
        } else if (m.type === 'failed') {
          thread.off('message', early);
          void thread.terminate();
          reject(new AssayError(m.code === 'BAD_INPUT' || m.code === 'NOT_FOUND' ? m.code : 'INTERNAL', m.message));
        }
      };
      const crashed = (err: Error): void => reject(new AssayError('INTERNAL', `Cannot load ${data.what}: ${err.message}`));
      // A thread that ends before it is ready (killed, out of memory) must not leave the start waiting forever.
      const exited = (code: number): void => reject(new AssayError('INTERNAL', `Cannot load ${data.what}: its thread exited (code ${code}) before the model was ready.`));
      thread.on('message', early);
      thread.once('error', crashed);
      thread.once('exit', exited);
    });
  }

  /** Outcomes in the order of `images`; rejects only when the model itself fails. */
  predict(images: readonly Uint8Array[]): Promise<readonly ImageOutcome[]> {
    if (this.closing) return Promise.reject(new Error('This model version is being unloaded.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const req: ImageThreadRequest = { id, images };
      this.thread.postMessage(req);
    });
  }

  /** Ends the thread once the requests it already has are answered (a swapped-out version finishes its work). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.pending.size > 0) await new Promise<void>((r) => (this.idle = r));
      await this.thread.terminate();
    })();
    return this.closing;
  }
}
