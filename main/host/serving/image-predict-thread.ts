/**
 * Worker-thread entry of a served image model (see image-predictor.ts): owns
 * TensorFlow.js and the classifier, so decoding and the forward pass never run
 * on the serving thread. Preprocessing is the images predict job's own
 * (decodeImage → squareRgb → classify), so served probabilities equal
 * `assay predict`'s.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { classifierFromStored, classify, type Classifier, decodeImage, loadTf } from '../../../native-workers/host-api';
import { parseImageModelRow } from '../../../native-workers/project/images';
import type { Tf } from '../../../native-workers/ml/images/backbone';
import { squareRgb } from '../../../native-workers/ml/images/pixels';
import type { ImageOutcome, ImageThreadData, ImageThreadMessage, ImageThreadRequest } from './image-predictor';

const { row, what } = workerData as ImageThreadData;

function post(m: ImageThreadMessage): void {
  parentPort?.postMessage(m);
}

async function answer(tf: Tf, c: Classifier, req: ImageThreadRequest): Promise<ImageOutcome[]> {
  const s = c.info.inputSize;
  const K = c.classes.length;
  const pixels = new Uint8Array(req.images.length * s * s * 3);
  const decoded: ({ sha256: string; format: string; width: number; height: number; slot: number } | { sha256: string; error: string })[] = [];
  let n = 0;
  for (const bytes of req.images) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      const img = await decodeImage(bytes);
      squareRgb(img, s, pixels, n * s * s * 3);
      decoded.push({ sha256, format: img.header.format, width: img.width, height: img.height, slot: n++ });
    } catch (err) {
      decoded.push({ sha256, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const proba = n > 0 ? await classify(tf, c, pixels.subarray(0, n * s * s * 3), n) : new Float32Array(0);
  return decoded.map((d) => {
    if ('error' in d) return d;
    return { sha256: d.sha256, format: d.format, width: d.width, height: d.height, probabilities: Array.from(proba.subarray(d.slot * K, (d.slot + 1) * K)) };
  });
}

async function main(): Promise<void> {
  let tf: Tf;
  let c: Classifier;
  try {
    tf = (await loadTf()).tf;
    c = await classifierFromStored(tf, parseImageModelRow(row), what);
    const s = c.info.inputSize;
    // One forward pass now, so the first request pays no kernel set-up.
    await classify(tf, c, new Uint8Array(s * s * 3), 1);
  } catch (err) {
    post({ type: 'failed', code: (err as { code?: string }).code ?? 'INTERNAL', message: `Cannot load ${what}: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  // One request at a time, in arrival order: tfjs is not re-entrant across awaits of the same model.
  let chain = Promise.resolve();
  parentPort?.on('message', (req: ImageThreadRequest) => {
    chain = chain.then(async () => {
      try {
        post({ type: 'answer', id: req.id, outcomes: await answer(tf, c, req) });
      } catch (err) {
        post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  post({ type: 'ready', classes: c.classes, inputSize: c.info.inputSize });
}

void main();
