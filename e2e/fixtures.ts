import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** The built CLI; e2e builds nothing (run `node build.mjs` first). */
export const cli = path.resolve(__dirname, '..', 'dist', 'cli', 'assay.js');
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Served {
  readonly url: string;
  readonly origin: string;
  readonly home: string;
  /** Stops this server now (SIGTERM), as a user closing it would. */
  readonly stop: () => Promise<void>;
}

export interface ServeOptions {
  readonly project?: string;
  readonly readOnly?: boolean;
}

/** Runs the CLI to completion (project setup before a test); throws with its stderr on failure. */
export function assay(home: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ASSAY_HOME: home }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`assay ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function startServe(home: string, opts: ServeOptions): Promise<{ child: ChildProcess; served: Served }> {
  const args = [cli, 'serve', ...(opts.project ? [opts.project] : []), '--port', '0', ...(opts.readOnly ? ['--read-only'] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ASSAY_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // A server that dies during a test shows up as "Connection lost" in the page; its stderr says why.
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`assay serve exited with code ${code}: ${stderr}`);
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const url = line.trim();
      resolve({ child, served: { url, origin: new URL(url).origin, home, stop: () => stop(child) } });
    });
    child.once('exit', (code) => reject(new Error(`assay serve exited (${code}) before printing its URL: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface Fixtures {
  /** A fresh temp dir per test, removed after. */
  tmp: string;
  /** Starts `assay serve` (killed after the test) with ASSAY_HOME inside `tmp`. */
  serve: (opts?: ServeOptions) => Promise<Served>;
  /** Serves and opens the app page, waiting until it has booted. */
  openApp: (opts?: ServeOptions) => Promise<Served>;
}

export const test = base.extend<Fixtures, { browser: Browser }>({
  browser: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  tmp: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  serve: async ({ tmp }, use) => {
    const children: ChildProcess[] = [];
    await use(async (opts = {}) => {
      const home = path.join(tmp, 'home');
      fs.mkdirSync(home, { recursive: true });
      const { child, served } = await startServe(home, opts);
      children.push(child);
      return served;
    });
    await Promise.all(children.map(stop));
  },
  openApp: async ({ serve, page }, use) => {
    await use(async (opts = {}) => {
      const served = await serve(opts);
      await page.goto(served.url);
      await expect(page.getByTestId('booting')).toHaveCount(0);
      return served;
    });
  },
});

export { expect };

/** Makes a project with the CLI and imports files into it; returns its path. */
export function makeProject(tmp: string, name: string, ...csvs: string[]): string {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(tmp, `${name}.assay`);
  assay(home, 'new', file);
  for (const csv of csvs) assay(home, 'import', file, csv);
  return file;
}

/** Drops a file built in the page onto the body, as a user's drag from the desktop would. */
export async function dropFile(
  page: Page,
  name: string,
  content: string | number[],
  type = 'text/csv',
  whileDragging?: () => Promise<void>,
  /** Press Import in the wizard the drop opens (false: the test looks at the wizard itself, or none opens). */
  confirm = true,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const dt = new DataTransfer();
      const body = typeof content === 'string' ? content : new Uint8Array(content);
      dt.items.add(new File([body], name, { type }));
      return dt;
    },
    { name, content, type },
  );
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await whileDragging?.();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  if (confirm) await confirmImport(page);
}

/** Starts the import from the wizard that a drop or a pick opened, with what it detected. */
export async function confirmImport(page: Page): Promise<void> {
  await expect(page.getByTestId('wizard-import')).toBeEnabled();
  await page.getByTestId('wizard-import').click();
  await expect(page.getByTestId('import-wizard')).toHaveCount(0);
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('/tmp/shots', { recursive: true });
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
}

/** The real datasets beside the repository (../shared/data). */
export const sharedData = path.resolve(__dirname, '..', '..', 'shared', 'data');
export const churnCsv = path.join(sharedData, 'mlc_churn.csv');
