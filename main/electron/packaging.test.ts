/**
 * Packages the app for real (electron-builder --linux --dir) against a stub
 * Electron distribution, since no Electron binary can be downloaded on the
 * build machines, then checks what landed in app.asar: the config's file
 * globs, asarUnpack and the production dependency closure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const builderBin = path.join(root, 'node_modules', '.bin', 'electron-builder');
const hasBuilder = fs.existsSync(builderBin);
if (!hasBuilder) console.log(`packaging test skipped: ${builderBin} is missing (electron-builder not installed)`);

interface PackageJson {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readJson(file: string): PackageJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
}

/** Finds a dependency the way Node does: nearest node_modules upwards, not above `top`. */
function resolvePackage(fromDir: string, name: string, top: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === top || path.dirname(dir) === dir) return null;
  }
}

/**
 * A copy of the project with a real node_modules holding the production
 * closure. Always packed from the copy: beside the rest of the suite, other
 * tests write and remove files in the checkout while electron-builder walks it
 * (a file gone mid-copy fails it with ENOENT, seen in CI); and where
 * node_modules is a symlink (a git worktree sharing another checkout's
 * install), npm reports linked packages' own dependencies as missing, and
 * electron-builder would leave e.g. `bindings` out of the app.
 */
function stageProject(into: string): string {
  const realModules = fs.realpathSync(path.join(root, 'node_modules'));
  const realTop = path.dirname(realModules);
  fs.mkdirSync(into, { recursive: true });
  for (const item of ['package.json', 'electron-builder.yml', 'dist', 'assets']) {
    fs.cpSync(path.join(root, item), path.join(into, item), { recursive: true });
  }
  const seen = new Set<string>();
  const queue: [string, string][] = [];
  const enqueueDeps = (pkgDir: string, from: string): void => {
    const pkg = readJson(path.join(pkgDir, 'package.json'));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push([from, name]);
  };
  enqueueDeps(root, realTop);
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [from, name] = next;
    const dir = resolvePackage(from, name, realTop);
    if (!dir || seen.has(dir)) continue; // absent optional dependency, or done
    seen.add(dir);
    const nested = path.join(dir, 'node_modules');
    fs.cpSync(dir, path.join(into, path.relative(realTop, dir)), {
      recursive: true,
      dereference: true,
      filter: (src) => src !== nested && !src.startsWith(nested + path.sep),
    });
    enqueueDeps(dir, dir);
  }
  return into;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-pack-'));
// The packaged app and its copied dependencies are a few hundred MB: deleting them took over the 60 s hook limit on
// a 2-core machine under load (two Stryker runs beside the suite), so the hook gets the time the packaging steps get.
afterAll(() => fs.rmSync(work, { recursive: true, force: true }), 300_000);

describe.skipIf(!hasBuilder)('electron-builder packaging', () => {
  it('produces an app.asar with the built app and better-sqlite3 unpacked', async () => {
    const started = Date.now();
    if (!fs.existsSync(path.join(root, 'dist', 'main', 'electron.js'))) {
      const build = spawnSync(process.execPath, ['build.mjs', '--quiet'], { cwd: root, encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
    }
    const electronVersion = readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version ?? '';
    const stub = path.join(work, 'electron-dist');
    fs.mkdirSync(stub);
    fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    fs.writeFileSync(path.join(stub, 'version'), electronVersion);
    const projectDir = stageProject(path.join(work, 'project'));
    const out = path.join(work, 'out');
    const res = spawnSync(
      builderBin,
      [
        '--linux',
        '--dir',
        `--projectDir=${projectDir}`,
        `-c.electronDist=${stub}`,
        `-c.electronVersion=${electronVersion}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
      ],
      { cwd: projectDir, encoding: 'utf8', env: { ...process.env, CI: '1' } },
    );
    // Vitest shows no multi-line message here: the log's tail goes to the test's output instead.
    if (res.status !== 0) console.log(`electron-builder failed (status ${res.status}, signal ${res.signal}):\n${`${res.stdout}\n${res.stderr}`.slice(-4000)}`);
    expect(res.status).toBe(0);
    expect(res.stdout).not.toContain('cannot find path for dependency');

    const resources = path.join(out, 'linux-unpacked', 'resources');
    const asar = (await import('@electron/asar')) as { listPackage(archive: string, options: { isPack: boolean }): string[] };
    const files = new Set(asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) => f.split(path.sep).join('/')));
    for (const wanted of [
      '/dist/main/electron.js',
      '/dist/preload/index.js',
      '/dist/renderer/index.html',
      '/dist/workers/worker.js',
      '/package.json',
      '/assets/icon.png',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/bindings/bindings.js',
      '/node_modules/papaparse/package.json',
    ]) {
      expect(files.has(wanted), wanted).toBe(true);
    }
    expect([...files].filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.has('/node_modules/electron/package.json')).toBe(false);

    const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release');
    expect(fs.existsSync(path.join(unpacked, 'better_sqlite3.node'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'test_extension.node'))).toBe(false);
    console.log(`packaging test: staged copy + electron-builder --dir took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
});
