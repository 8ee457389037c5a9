// Types of build-kernels.mjs for the TypeScript tests that compile the kernels (native-workers/runtime/wasm-trees.test.ts, native-workers/ml/recs/score-kernel.test.ts).
export const kernelsSource: string;
export function compileKernels(outFile: string): Promise<void>;
export const recsKernelModule: string;
export function compileRecsKernel(): Promise<Buffer>;
export function recsKernelModuleText(bytes: Buffer): string;
