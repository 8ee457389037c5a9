// Types of build-kernels.mjs for the TypeScript test that compiles the kernels (native-workers/runtime/wasm-trees.test.ts).
export const kernelsSource: string;
export function compileKernels(outFile: string): Promise<void>;
