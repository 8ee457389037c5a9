// Browser-mode cold start: from spawning the host (`assay serve`) to the first rendered screen
// in Chromium, median of several runs. Reference, same run: spawning a bare Node HTTP server
// that serves a one-line page, to the same point in the same browser. Goal: < 2 s.
import { spawn } from 'node:child_process';
import { median, round, serve, stop, tempHome, launchChromium } from './lib.mjs';

const runs = 5;
const bareServer = `
const http = require('http');
const s = http.createServer((q, r) => { r.writeHead(200, {'Content-Type': 'text/html'}); r.end('<!doctype html><div id="root"><main>ready</main></div>'); });
s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/'));`;

function bare() {
  const child = spawn(process.execPath, ['-e', bareServer], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ url: d.toString().trim(), child })));
}

const browser = await launchChromium();
async function timeOnce(start) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  const { url, child } = await start();
  const hostUp = performance.now() - t0;
  await page.goto(url);
  await page.waitForSelector('#root > *', { state: 'visible' });
  const total = performance.now() - t0;
  await context.close();
  await stop(child);
  return { total, hostUp };
}

const assay = [];
const reference = [];
for (let i = 0; i < runs; i++) {
  const home = tempHome();
  assay.push(await timeOnce(() => serve([], home)));
  reference.push(await timeOnce(bare));
}
await browser.close();

const ms = median(assay.map((r) => r.total));
const refMs = median(reference.map((r) => r.total));
console.log(JSON.stringify({
  bench: 'cold-start',
  runs,
  medianMs: round(ms, 0),
  hostListeningMs: round(median(assay.map((r) => r.hostUp)), 0),
  referenceBareServerMs: round(refMs, 0),
  ratioToReference: round(ms / refMs),
  goalMs: 2000,
  meetsGoal: ms < 2000,
}));
