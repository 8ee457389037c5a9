// Compiles the GBDT kernels (native-workers/ml/tabular/trees/wasm/kernels.ts, AssemblyScript;
// asconfig.json beside it holds the flags) to a .wasm file: used by build.mjs
// (dist/workers/gbdt-kernels.wasm) and by the tests that need the kernels.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'native-workers', 'ml', 'tabular', 'trees', 'wasm');
export const kernelsSource = path.join(here, 'kernels.ts');

/** Writes the module to outFile; throws with the compiler's message when it fails. */
export async function compileKernels(outFile) {
  const { main } = await import('assemblyscript/asc');
  const { error, stderr } = await main([kernelsSource, '--config', path.join(here, 'asconfig.json'), '-o', outFile]);
  if (error) throw new Error(`AssemblyScript could not compile ${kernelsSource}: ${error.message}\n${stderr.toString()}`);
}
