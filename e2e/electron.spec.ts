/**
 * The real desktop app, where Electron's binary exists (it cannot be
 * downloaded on the build machines, so there this spec skips and says why).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'main', 'electron.js');

function electronBinary(): { path: string | null; why: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { path: null, why: `${pathFile} is missing: Electron's binary was never downloaded` };
  const exe = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(exe)) return { path: null, why: `${exe} does not exist` };
  if (!fs.existsSync(entry)) return { path: null, why: `${entry} is missing: run "node build.mjs" first` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { path: null, why: 'no display (run under xvfb-run)' };
  }
  return { path: exe, why: '' };
}

const bin = electronBinary();
let app: ElectronApplication | null = null;

test.beforeAll(async () => {
  if (!bin.path) return;
  app = await electron.launch({
    executablePath: bin.path,
    args: [entry],
    env: { ...process.env, ASSAY_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'assay-electron-home-')) },
  });
});

test.afterAll(async () => {
  await app?.close();
});

test('the desktop window is isolated and exposes only the contract', async () => {
  if (!bin.path) console.log(`electron e2e skipped: ${bin.why}`);
  test.skip(!bin.path, bin.why);
  if (!app) throw new Error('Electron did not start');
  const page = await app.firstWindow();
  await expect(page).toHaveTitle(/Assay/);
  expect(await page.evaluate(() => typeof (window as unknown as { assay?: unknown }).assay)).toBe('object');
  expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
  const refused = await page.evaluate(async () => {
    const api = (window as unknown as { assay: { invoke(channel: string, req: unknown): Promise<unknown> } }).assay;
    try {
      await api.invoke('fs:readFile', '/etc/passwd');
      return 'resolved';
    } catch (err) {
      return (err as { code?: string }).code ?? 'no code';
    }
  });
  expect(refused).toBe('UNKNOWN_CHANNEL');
  const info = await page.evaluate(() =>
    (window as unknown as { assay: { invoke(channel: string, req: unknown): Promise<{ mode: string }> } }).assay.invoke('app:info', null),
  );
  expect(info.mode).toBe('electron');
});
