/**
 * Worker-thread entry of WasmTreeBuilder: instantiates the kernels on the builder's shared
 * memory, waits for a task on the control block (a histogram pass or a split) and claims
 * parts of it: feature groups of a pass, halves of a split.
 */
import { workerData } from 'node:worker_threads';
import { claimGroup } from './histogram-threads';
import { instantiate, partitionHalf, TASK, WCTRL } from './wasm-trees';

const { module, memory, ctrl } = workerData as { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: Int32Array };
const k = instantiate(module, memory);

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, WCTRL.seq, seen);
  const seq = Atomics.load(ctrl, WCTRL.seq);
  if (seq < 0) break;
  if (seq === seen) continue;
  seen = seq;
  try {
    // Parameters read after a successful claim belong to this task (they are written before the claim counter).
    if (ctrl[WCTRL.kind] === TASK.histogram) {
      const nPlan = ctrl[WCTRL.nPlan]!;
      const G = ctrl[WCTRL.group]!;
      const groups = Math.ceil(nPlan / G);
      for (let g = claimGroup(ctrl, seq, groups); g >= 0; g = claimGroup(ctrl, seq, groups)) {
        k.histogram(ctrl[WCTRL.data]!, ctrl[WCTRL.stride]!, ctrl[WCTRL.values]!, ctrl[WCTRL.valueStride]!, ctrl[WCTRL.n]!, ctrl[WCTRL.plan]! + g * G * 8, Math.min(G, nPlan - g * G));
        Atomics.add(ctrl, WCTRL.completed, 1);
        Atomics.notify(ctrl, WCTRL.completed);
      }
    } else {
      for (let h = claimGroup(ctrl, seq, 2); h >= 0; h = claimGroup(ctrl, seq, 2)) {
        partitionHalf(k, ctrl, h);
        Atomics.add(ctrl, WCTRL.completed, 1);
        Atomics.notify(ctrl, WCTRL.completed);
      }
    }
  } catch {
    Atomics.store(ctrl, WCTRL.failed, 1);
    Atomics.notify(ctrl, WCTRL.completed);
  }
}
