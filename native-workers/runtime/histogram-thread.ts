/**
 * Worker-thread entry of ThreadedHistogramBuilder: waits on its control block, fills the
 * histogram regions of the features it is dealt, and signals done.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { fillFeatures } from '../ml/tabular/trees/histogram';
import { CTRL, MAX_FEATURES, type BufferAnnouncement } from './histogram-threads';

const { ctrl, port, lists } = workerData as { ctrl: Int32Array; port: MessagePort; lists: SharedArrayBuffer };
const features = new Int32Array(lists, 0, MAX_FEATURES);
const offsets = new Int32Array(lists, MAX_FEATURES * 4, MAX_FEATURES);
const buffers = new Map<number, SharedArrayBuffer>();

/** A buffer announced before the task that uses it; drain the port until it is here. */
function buffer(id: number): SharedArrayBuffer {
  for (;;) {
    const b = buffers.get(id);
    if (b) return b;
    const m = receiveMessageOnPort(port);
    if (m) {
      const a = m.message as BufferAnnouncement;
      buffers.set(a.id, a.buffer);
    }
  }
}

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL.seq, seen);
  const seq = Atomics.load(ctrl, CTRL.seq);
  if (seq < 0) break;
  if (seq === seen) continue;
  seen = seq;
  try {
    const nFeatures = ctrl[CTRL.nFeatures]!;
    // The kernel indexes bin offsets by feature: rebuild a sparse table for the features dealt out.
    const from = ctrl[CTRL.from]!;
    const to = ctrl[CTRL.to]!;
    let maxF = 0;
    for (let k = 0; k < nFeatures; k++) maxF = Math.max(maxF, features[k]!);
    const binOffset = new Int32Array(maxF + 2);
    for (let k = 0; k < nFeatures; k++) binOffset[features[k]!] = offsets[k]!;
    fillFeatures(
      new Uint8Array(buffer(ctrl[CTRL.codes]!)), ctrl[CTRL.nRows]!, binOffset, ctrl[CTRL.channels]!,
      new Int32Array(buffer(ctrl[CTRL.rows]!)), ctrl[CTRL.start]!, ctrl[CTRL.end]!, ctrl[CTRL.contiguous] === 1,
      new Float64Array(buffer(ctrl[CTRL.values]!)), ctrl[CTRL.base]!, features, from, to, new Float64Array(buffer(ctrl[CTRL.hist]!)),
    );
    Atomics.store(ctrl, CTRL.done, seq);
  } catch {
    Atomics.store(ctrl, CTRL.done, -1);
  }
  Atomics.notify(ctrl, CTRL.done);
}
