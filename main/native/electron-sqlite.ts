import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type BindingResult = { readonly path: string } | { readonly error: string };

/**
 * better-sqlite3 is not N-API: Electron needs a build for its own ABI, while
 * the CLI and tests need Node's. Rather than rebuild node_modules in place
 * (which would break the CLI), keep an Electron build in .cache/ and hand it to
 * better-sqlite3 as `nativeBinding` (ASSAY_SQLITE_BINDING). Tries the published
 * prebuild for Electron first, then a local compile against Electron's headers.
 * Never throws: where neither is possible the caller falls back to browser mode.
 */
export function electronSqliteBinding(root: string, electronVersion: string): BindingResult {
  const dir = path.join(root, '.cache', 'electron-native', electronVersion, 'better-sqlite3');
  const built = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(built)) return { path: built };
  let source: string;
  try {
    source = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }));
  } catch {
    return { error: 'better-sqlite3 is not installed' };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  const attempts: [string, string[]][] = [
    [process.execPath, [require.resolve('prebuild-install/bin.js', { paths: [source, root] }), '--runtime', 'electron', '--target', electronVersion]],
    ['npx', ['--no-install', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']],
  ];
  const errors: string[] = [];
  for (const [cmd, args] of attempts) {
    const res = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    if (res.status === 0 && fs.existsSync(built)) return { path: built };
    errors.push(`${path.basename(args[0] ?? cmd)}: ${(res.stderr || res.error?.message || `exit ${res.status}`).trim().split('\n').pop() ?? ''}`);
  }
  return { error: `could not build better-sqlite3 for Electron ${electronVersion} (${errors.join('; ')})` };
}
