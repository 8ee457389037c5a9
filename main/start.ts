/**
 * `npm start`: the desktop app where Electron's binary and a display exist;
 * otherwise one line saying why, then browser mode with its URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main as cli } from './cli/assay';
import { distDir } from './host/paths';
import { electronSqliteBinding } from './native/electron-sqlite';

function electronBinary(): { path: string | null; why: string } {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, why: 'the electron package is not installed' };
  }
  const exe = (): string | null => {
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const full = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(full) ? full : null;
  };
  if (exe()) return { path: exe(), why: '' };
  // electron >= 45 downloads its binary on first use: try once, briefly.
  const res = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  const found = exe();
  if (found) return { path: found, why: '' };
  return { path: null, why: `Electron's binary is missing and could not be downloaded (exit ${res.status ?? 'timeout'})` };
}

function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

function startBrowserMode(why: string): void {
  process.stderr.write(`assay: ${why}; starting browser mode instead.\n`);
  const args = ['serve', ...process.argv.slice(2)];
  if (!args.includes('--port')) args.push('--port', process.env['ASSAY_PORT'] ?? '0');
  void cli(args).then((code) => {
    if (code !== 0) process.exit(code);
  });
}

const forceBrowser = process.env['ASSAY_BROWSER'] === '1';
const bin = forceBrowser ? { path: null, why: 'ASSAY_BROWSER=1 is set' } : electronBinary();
if (!bin.path) startBrowserMode(bin.why);
else if (!hasDisplay()) startBrowserMode('there is no display (DISPLAY and WAYLAND_DISPLAY are unset)');
else {
  const root = path.resolve(distDir(), '..');
  const version = (JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  const binding = electronSqliteBinding(root, version);
  if ('error' in binding) startBrowserMode(binding.error);
  else {
    const env = { ...process.env, ASSAY_SQLITE_BINDING: binding.path };
    const child = spawn(bin.path, [path.join(distDir(), 'main', 'electron.js'), ...process.argv.slice(2)], { stdio: 'inherit', env });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
