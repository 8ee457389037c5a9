import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The built app lives in dist/ (dist/cli, dist/main, dist/workers,
 * dist/renderer). Bundles sit one level below it; tests running the sources
 * find it from the package root. ASSAY_DIST overrides both.
 */
export function distDir(): string {
  const fromEnv = process.env['ASSAY_DIST'];
  if (fromEnv) return fromEnv;
  const parent = path.resolve(__dirname, '..');
  if (path.basename(parent) === 'dist' || fs.existsSync(path.join(parent, 'workers', 'worker.js'))) return parent;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist');
}

export function workerEntry(): string {
  return path.join(distDir(), 'workers', 'worker.js');
}

/** What a cluster node runs for a job folder (native-workers/cluster/node-entry.ts). */
export function clusterNodeEntry(): string {
  return path.join(distDir(), 'workers', 'cluster-node.js');
}

export function rendererDir(): string {
  return path.join(distDir(), 'renderer');
}

/** Where Assay keeps its settings (recent projects): $ASSAY_HOME or the XDG config dir. */
export function configDir(): string {
  const home = process.env['ASSAY_HOME'];
  if (home) return path.join(home, 'config');
  const xdg = process.env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config');
  return path.join(xdg, 'assay');
}

/** Where new projects go unless the user picks another place: ~/Assay (or $ASSAY_HOME/projects). */
export function projectsDir(): string {
  const home = process.env['ASSAY_HOME'];
  return home ? path.join(home, 'projects') : path.join(os.homedir(), 'Assay');
}

/** A bare name like "churn" becomes <projectsDir>/churn.assay; paths are kept as given. */
export function resolveProjectPath(input: string): string {
  const trimmed = input.trim();
  const withExt = /\.assay$/i.test(trimmed) ? trimmed : `${trimmed}.assay`;
  if (path.isAbsolute(withExt) || withExt.includes('/') || withExt.includes('\\')) return path.resolve(withExt);
  return path.join(projectsDir(), withExt);
}
