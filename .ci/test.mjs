// `npm test`: type-check every process, lint, unit + integration tests (vitest),
// then e2e (Playwright in Debian Chromium). Ends with one "N passed, N failed" line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);
// ASSAY_TEST_REPORT_DIR keeps the vitest and Playwright JSON reports (.ci/flaky.sh reads which tests failed).
const keepReports = process.env.ASSAY_TEST_REPORT_DIR;
const reportDir = keepReports ?? fs.mkdtempSync(path.join(os.tmpdir(), 'assay-test-report-'));
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n── ${label} ──\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = res.status === 0;
  process.stdout.write(`── ${label}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ──\n`);
  if (!ok) failures.push(label);
  return ok;
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

/** Runs checks two at a time (each is one single-threaded process: tsc, eslint), output kept per check. */
async function runParallel(checks) {
  const queue = [...checks];
  const lane = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const [label, cmd, args] = check;
      const started = Date.now();
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise((resolve) => child.on('close', resolve));
      process.stdout.write(`\n── ${label} ──\n${out}── ${label}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ──\n`);
      if (code !== 0) failures.push(label);
    }
  };
  await Promise.all([lane(), lane()]);
}

const checks = [];
if (want('typecheck')) {
  for (const project of ['main', 'native-workers', 'renderer', 'e2e', 'preload']) {
    checks.push([`typecheck ${project}`, ...npx('tsc', '-p', `${project}/tsconfig.json`)]);
  }
}
// Lint (the boundaries and the house rules) runs beside the type-checks: two cores, two lanes.
if (want('lint')) checks.splice(1, 0, ['lint', ...npx('eslint', '.')]);
await runParallel(checks);

if (want('unit')) {
  const out = path.join(reportDir, 'vitest.json');
  run('unit + integration (vitest)', ...npx('vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`));
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else failed++;
}

if (want('e2e')) {
  const out = path.join(reportDir, 'playwright.json');
  run('e2e (playwright, chromium)', ...npx('playwright', 'test', '--reporter=list,json'), { PLAYWRIGHT_JSON_OUTPUT_FILE: out });
  if (fs.existsSync(out)) {
    const s = JSON.parse(fs.readFileSync(out, 'utf8')).stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
  } else failed++;
}

if (!keepReports) fs.rmSync(reportDir, { recursive: true, force: true });
if (failures.length) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failures.length || failed ? 1 : 0);
