// Registers a finished training run as the next version of a model, through the
// host's own registry code (bundled on the fly with esbuild), for the serving
// bench and e2e set-up until `assay register` is in this branch:
//   node bench/register-model.mjs FILE.assay RUN_ID NAME   → prints {"name","version"}
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function registerRun(project, runId, name) {
  // Inside the repo, so that better-sqlite3 resolves from node_modules.
  const out = path.join(root, 'dist', 'tools', 'register-model.cjs');
  buildSync({
    stdin: {
      contents: `
        import { ProjectStore } from './main/host/project/store';
        import { registerModel } from './main/host/registry/registry-db';
        const [file, runId, name] = process.argv.slice(2);
        const store = ProjectStore.open(file);
        try {
          const v = registerModel(store.db, Number(runId), name);
          process.stdout.write(JSON.stringify({ name: v.name, version: v.version }) + '\\n');
        } finally {
          store.close();
        }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return JSON.parse(execFileSync(process.execPath, [out, project, String(runId), name], { encoding: 'utf8', cwd: root }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [project, runId, name] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(registerRun(project, runId, name))}\n`);
}
