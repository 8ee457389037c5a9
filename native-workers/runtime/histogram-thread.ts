/**
 * Worker-thread entry of ThreadedHistogramBuilder: waits for a task on the shared control
 * block, claims feature groups until none are left, and counts each one completed.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { fillFeatures, fillPacked } from '../ml/tabular/trees/histogram';
import { claimGroup, CTRL, GROUP, MAX_FEATURES, PACKED_GROUP, type BufferAnnouncement } from './histogram-threads';

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
    const stride = ctrl[CTRL.stride]!;
    const groups = Math.ceil(nFeatures / (stride > 0 ? PACKED_GROUP : GROUP));
    let g = claimGroup(ctrl, seq, groups);
    if (g < 0) continue;
    // Parameters read after a successful claim belong to this task (they are written before the claim counter).
    let maxF = 0;
    for (let k = 0; k < nFeatures; k++) maxF = Math.max(maxF, features[k]!);
    // The kernel indexes bin offsets by feature: a sparse table for this task's features.
    const binOffset = new Int32Array(maxF + 2);
    for (let k = 0; k < nFeatures; k++) binOffset[features[k]!] = offsets[k]!;
    if (stride > 0) {
      const packed = {
        data: new Uint8Array(buffer(ctrl[CTRL.codes]!)), stride, values: new Float64Array(buffer(ctrl[CTRL.values]!)),
        valueAt: ctrl[CTRL.valueAt]!, valueStride: ctrl[CTRL.valueStride]!,
      };
      const hist = new Float64Array(buffer(ctrl[CTRL.hist]!));
      const start = ctrl[CTRL.start]!;
      const end = ctrl[CTRL.end]!;
      const spare = ctrl[CTRL.spare]!;
      for (; g >= 0; g = claimGroup(ctrl, seq, groups)) {
        fillPacked(packed, binOffset, spare, start, end, features, g * PACKED_GROUP, Math.min(nFeatures, (g + 1) * PACKED_GROUP), hist);
        Atomics.add(ctrl, CTRL.completed, 1);
        Atomics.notify(ctrl, CTRL.completed);
      }
      continue;
    }
    const codes = new Uint8Array(buffer(ctrl[CTRL.codes]!));
    const rows = new Int32Array(buffer(ctrl[CTRL.rows]!));
    const values = new Float64Array(buffer(ctrl[CTRL.values]!));
    const hist = new Float64Array(buffer(ctrl[CTRL.hist]!));
    const nRows = ctrl[CTRL.nRows]!;
    const channels = ctrl[CTRL.channels]!;
    const start = ctrl[CTRL.start]!;
    const end = ctrl[CTRL.end]!;
    const contiguous = ctrl[CTRL.contiguous] === 1;
    const base = ctrl[CTRL.base]!;
    for (; g >= 0; g = claimGroup(ctrl, seq, groups)) {
      fillFeatures(codes, nRows, binOffset, channels, rows, start, end, contiguous, values, base, features, g * GROUP, Math.min(nFeatures, (g + 1) * GROUP), hist);
      Atomics.add(ctrl, CTRL.completed, 1);
      Atomics.notify(ctrl, CTRL.completed);
    }
  } catch {
    Atomics.store(ctrl, CTRL.failed, 1);
    Atomics.notify(ctrl, CTRL.completed);
  }
}
