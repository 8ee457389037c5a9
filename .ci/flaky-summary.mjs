// One JSON line for one `npm test` run of .ci/flaky.sh: `node .ci/flaky-summary.mjs DIR RUN EXIT MILLISECONDS`,
// where DIR holds that run's log and the vitest.json / playwright.json that .ci/test.mjs kept there.
// `node .ci/flaky-summary.mjs --total FILE` reads those lines back and prints the last line: the tests
// that failed in some runs but not all (flaky), those that failed in every run, and the suite times.
import fs from 'node:fs';
import path from 'node:path';

if (process.argv[2] === '--total') {
  const runs = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const count = new Map();
  for (const r of runs) for (const f of new Set(r.failures)) count.set(f, (count.get(f) ?? 0) + 1);
  const flaky = [...count].filter(([, n]) => n < runs.length).map(([f, n]) => `${f} (failed ${n} of ${runs.length})`);
  const always = [...count].filter(([, n]) => n === runs.length).map(([f]) => f);
  console.log(JSON.stringify({ runs: runs.length, flakyCount: flaky.length, flaky, failedEveryRun: always, seconds: runs.map((r) => r.seconds) }));
  process.exit(0);
}

const [dir, run, exit, ms] = process.argv.slice(2);
const read = (name) => {
  const file = path.join(dir, name);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
};
const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
const rel = (file) => path.relative(process.cwd(), file);

// The time of each step, from test.mjs's "── LABEL: ok in 12.3 s ──" lines.
const steps = {};
const failedSteps = [];
for (const m of log.matchAll(/^── (.+?): (ok|FAILED \(exit [^)]*\)) in ([\d.]+) s ──$/gm)) {
  steps[m[1]] = Number(m[3]);
  if (m[2] !== 'ok') failedSteps.push(m[1]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

const vitest = read('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  for (const file of vitest.testResults) {
    const bad = file.assertionResults.filter((t) => t.status === 'failed');
    for (const t of bad) failures.push([rel(file.name), ...t.ancestorTitles, t.title].join(' > '));
    // A file that failed to load has no failing test to name: name the file.
    if (file.status === 'failed' && bad.length === 0) failures.push(`${rel(file.name)} (${(file.message ?? 'failed').split('\n')[0]})`);
  }
}

const playwright = read('playwright.json');
if (playwright) {
  // The top suite is the spec file; the ones below it are describe blocks.
  const walk = (suite, parents) => {
    const titles = suite.title === suite.file ? parents : [...parents, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = `${spec.file} > ${[...titles, spec.title].join(' > ')}`;
        if (t.status === 'expected') passed++;
        else if (t.status === 'skipped') skipped++;
        else if (t.status === 'flaky') {
          passed++;
          failures.push(`${name} (failed, then passed on retry)`);
        } else {
          failed++;
          failures.push(name);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, titles);
  };
  for (const suite of playwright.suites ?? []) walk(suite, []);
}

console.log(JSON.stringify({ run: Number(run), exit: Number(exit), seconds: Number((Number(ms) / 1000).toFixed(1)), steps, passed, failed, skipped, failedSteps, failures }));
