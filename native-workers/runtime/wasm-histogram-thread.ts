/**
 * Worker-thread entry of WasmTreeBuilder: instantiates the kernels on the builder's shared
 * memory, waits for a histogram pass on the control block and claims feature groups of it.
 */
import { workerData } from 'node:worker_threads';
import { claimGroup } from './histogram-threads';
import { instantiate, WCTRL } from './wasm-trees';

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
    const nPlan = ctrl[WCTRL.nPlan]!;
    const G = ctrl[WCTRL.group]!;
    const groups = Math.ceil(nPlan / G);
    // Parameters read after a successful claim belong to this task (they are written before the claim counter).
    for (let g = claimGroup(ctrl, seq, groups); g >= 0; g = claimGroup(ctrl, seq, groups)) {
      k.histogram(ctrl[WCTRL.data]!, ctrl[WCTRL.stride]!, ctrl[WCTRL.values]!, ctrl[WCTRL.valueStride]!, ctrl[WCTRL.n]!, ctrl[WCTRL.plan]! + g * G * 8, Math.min(G, nPlan - g * G));
      Atomics.add(ctrl, WCTRL.completed, 1);
      Atomics.notify(ctrl, WCTRL.completed);
    }
  } catch {
    Atomics.store(ctrl, WCTRL.failed, 1);
    Atomics.notify(ctrl, WCTRL.completed);
  }
}
