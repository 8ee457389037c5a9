// `npm run mutate [-- OPTIONS] [-- STRYKER OPTIONS]`: Stryker over the ML library and the ingest stages
// (stryker.config.json), one mutant at a time (a 2-core machine shared by several people).
//   --folder DIR       mutate only DIR (e.g. native-workers/ml/tabular/splits); repeatable. DIR may be one file
//                      (e.g. native-workers/ml/csv-parser.ts): then the tests beside it (not below) and its extraTests
//   --changed [REF]    mutate only the lines changed since REF (default origin/main, else main) in in-scope
//                      files, incrementally (reports/stryker-incremental.json, kept out of git)
//   --budget SECONDS   stop Stryker after this long (then there is no score: Stryker reports only at the end)
//   --plan             print the files it would mutate and the tests it would run, and stop
//   --typecheck        run the TypeScript checker first, so mutants that do not compile are left out instead
//                      of run; off by default: on this machine it was the bottleneck (below)
// Prints one line per folder: "mutation score FOLDER: S % (killed K, survived S, no coverage N, timeout T)".
// Never fails on a low score: the figure is the product (docs/figures.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const config = JSON.parse(fs.readFileSync('stryker.config.json', 'utf8'));
const args = process.argv.slice(2);
const folders = [];
let changed = null;
let budget = 0;
let planOnly = false;
const pass = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--folder') folders.push(args[++i].replace(/\/$/, ''));
  else if (a === '--changed') changed = args[i + 1] && !args[i + 1].startsWith('--') ? args[++i] : baseRef();
  else if (a === '--budget') budget = Number(args[++i]);
  else if (a === '--typecheck') pass.push('--checkers', 'typescript');
  else if (a === '--plan') planOnly = true;
  else pass.push(a);
}

function baseRef() {
  for (const ref of ['origin/main', 'main']) if (spawnSync('git', ['rev-parse', '--verify', '-q', ref]).status === 0) return ref;
  console.log('mutation: no origin/main or main to compare with; pass --changed REF. Nothing mutated.');
  process.exit(0);
}

/** stryker.config.json's globs use only `**` and `*` (a trailing `/**` is everything below). */
function matches(file, glob) {
  const esc = (t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const re = glob.split('**/').map((part) => part.split('*').map(esc).join('[^/]*')).join('(?:.*/)?').replace(/\[\^\/\]\*\[\^\/\]\*$/, '.*');
  return new RegExp(`^${re}$`).test(file);
}

const isFile = (p) => fs.existsSync(p) && fs.statSync(p).isFile();
function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))).filter((f) => f.endsWith('.ts'));
}

const include = config.mutate.filter((g) => !g.startsWith('!'));
const exclude = config.mutate.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
const inScope = (f) => include.some((g) => matches(f, g)) && !exclude.some((g) => matches(f, g));

// Static mutants (code run while a module loads, e.g. a table of message words) are left out
// ("ignoreStatic" in stryker.config.json): vitest runs with isolate: false (vitest.mutation.config.mts,
// 4 s a mutant instead of 7 s), so modules load once per run and such a mutant would never be active.
// Seen: ingest/schema's 9 static mutants all "survived", though its tests read those words.

// Which tests each run uses (Stryker's testFiles): the tests under the mutated folders, plus the few tests
// elsewhere that exercise them. Without this, vitest's "related" mode pulled in every test that imports the
// folder through a trainer or a job (metrics: 102 tests, 35 s a run), and the code those tests reach in
// beforeAll counts as "static", so each such mutant re-ran all of them: 63 % of the metrics mutants, ~3 h.
const extraTests = {
  'native-workers/ingest/formats/': ['native-workers/ingest/writer.test.ts'],
  'native-workers/ingest/writer.ts': ['native-workers/ingest/writer.test.ts', 'native-workers/runtime/row-writer.test.ts', 'native-workers/ingest/rules/writer-rules.test.ts'],
  'native-workers/ingest/stages.ts': ['native-workers/ingest/writer.test.ts', 'native-workers/ingest/rules/writer-rules.test.ts'],
  // The backbone is loaded and cut by the image jobs' own tests (a served model folder, real MobileNet files).
  'native-workers/ml/images/backbone.ts': ['native-workers/images/backbone-layers.test.ts', 'native-workers/images/backbone-source.test.ts'],
};
function testFilesFor(files, roots) {
  const globs = new Set(roots.map((r) => (r.recursive ? `${r.dir}/**/*.test.ts` : `${r.dir}/*.test.ts`)));
  for (const [prefix, tests] of Object.entries(extraTests)) {
    if (files.some((f) => f.startsWith(prefix))) for (const t of tests) globs.add(t);
  }
  return [...globs];
}

/**
 * The files `git diff -U0 REF...HEAD` adds, changes or renames, each with the line ranges (first, last; 1-based) it
 * adds or changes in them: one diff gives both.
 */
function changedLines(ref) {
  const diff = spawnSync('git', ['diff', '-U0', '--diff-filter=AMR', `${ref}...HEAD`], { encoding: 'utf8' }).stdout;
  const byFile = new Map();
  let ranges = null;
  for (const line of diff.split('\n')) {
    const file = /^diff --git a\/.* b\/(.*)$/.exec(line);
    if (file) byFile.set(file[1], (ranges = []));
    const hunk = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && ranges) {
      const from = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) ranges.push([from, from + count - 1]);
    }
  }
  return byFile;
}

let mutate = null;
let mutateRanges = null;
if (changed) {
  const lines = changedLines(changed);
  const files = [...lines.keys()].filter((f) => inScope(f) && fs.existsSync(f));
  if (files.length === 0) {
    console.log(`mutation: no file in scope changed since ${changed}; nothing to mutate.`);
    process.exit(0);
  }
  mutate = files;
  // Only the changed lines: a whole file's mutants seldom finish within CI's budget (trees/gpu/grower.ts: 290
  // mutants, ~8 min here; its 9 on the lines stop 25 changed: 18 s), and those lines are what a change asks about.
  mutateRanges = files.flatMap((f) => lines.get(f).map(([from, to]) => `${f}:${from}-${to}`));
  if (mutateRanges.length === 0) {
    console.log(`mutation: the in-scope files changed since ${changed} only lost lines; nothing to mutate.`);
    process.exit(0);
  }
  pass.push('--incremental');
} else if (folders.length) {
  mutate = folders.flatMap((f) => (isFile(f) ? [f] : filesUnder(f))).filter(inScope);
  if (mutate.length === 0) throw new Error(`No file in the mutation scope under ${folders.join(', ')} (see "mutate" in stryker.config.json).`);
} else {
  mutate = filesUnder('native-workers').filter(inScope);
}
// A folder's own tests (recursively) when --folder names it, else those beside each mutated file, or in
// the nearest folder above it that holds tests (trees/gpu/ is tested from trees/).
const hasTests = (dir) => fs.readdirSync(dir).some((f) => f.endsWith('.test.ts'));
function testRoot(file) {
  let dir = path.dirname(file);
  while (!hasTests(dir) && dir.includes('/')) dir = path.dirname(dir);
  return dir;
}
const fileRoots = (files) => [...new Set(files.map(testRoot))].map((dir) => ({ dir, recursive: false }));
const roots = folders.length ? folders.flatMap((f) => (isFile(f) ? fileRoots([f]) : [{ dir: f, recursive: true }])) : fileRoots(mutate);
const testFiles = testFilesFor(mutate, roots);
if (planOnly) {
  console.log(`mutate (${mutate.length}):\n  ${(mutateRanges ?? mutate).join('\n  ')}\ntests:\n  ${testFiles.join('\n  ')}`);
  process.exit(0);
}

// The TypeScript checker (--typecheck) compiles only the mutated files and what they import: with all of
// native-workers (tests included) its first build took 3 min 19 s at load 20 instead of 35 s. Even so it
// checked mutants slower than vitest ran them (ingest/rules: the checker 44 s of CPU, the test runner 5 s,
// 12 mutants in 4 min; without it all 503 in 7 min 32 s), so it is off unless asked for, and mutants that do not
// compile are run like any other (most fail their tests; a survivor among them is no gap in the tests).
// Written here, read in the sandbox (tsconfigFile in stryker.config.json).
fs.writeFileSync('tsconfig.mutation.json', `${JSON.stringify({ extends: './native-workers/tsconfig.json', files: mutate, include: [] }, null, 2)}\n`);

// Tests find ../shared/data relative to their own folder; in Stryker's sandbox
// (.stryker-tmp/sandbox-X/) that resolves to .stryker-tmp/shared.
fs.mkdirSync('.stryker-tmp', { recursive: true });
const link = path.join('.stryker-tmp', 'shared');
if (!fs.existsSync(link)) fs.symlinkSync(path.resolve('..', 'shared'), link);

// Integration tests fork the built worker (dist/workers/worker.js), and Stryker's sandbox copies no
// dist/ (ignorePatterns): build here and point the sandbox at it, or the initial test run fails on
// every test that starts a job. The worker is the unmutated build: only in-process code is mutated.
const build = spawnSync(process.execPath, ['build.mjs', '--quiet'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('mutation: the build failed; fix it (node build.mjs) before mutating.');
process.env.ASSAY_DIST = path.resolve('dist');

// Stryker writes its report only when it finishes: remove the last one so a run the budget cut prints no stale score.
fs.rmSync(config.jsonReporter.fileName, { force: true });
let cut = false;
const strykerArgs = ['--no-install', 'stryker', 'run', '--mutate', (mutateRanges ?? mutate).join(','), '--testFiles', testFiles.join(','), ...pass];
console.log(`mutation: stryker ${strykerArgs.slice(3).join(' ')}`);
const child = spawn('npx', strykerArgs, { stdio: 'inherit', detached: true });
const timer = budget > 0 ? setTimeout(() => {
  console.log(`mutation: time budget of ${budget} s spent; stopping Stryker (no score: it reports only a finished run; run it locally with npm run mutate:changed).`);
  cut = true;
  process.kill(-child.pid, 'SIGTERM');
}, budget * 1000) : null;
child.on('exit', (code) => {
  if (timer) clearTimeout(timer);
  if (!cut) printScores();
  process.exit(code === 0 || cut ? 0 : code ?? 1);
});

function printScores() {
  const file = config.jsonReporter.fileName;
  if (!fs.existsSync(file)) return console.log('mutation: no report written.');
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byFolder = new Map();
  for (const [name, f] of Object.entries(report.files)) {
    const dir = path.dirname(path.relative(process.cwd(), path.resolve(name)));
    const c = byFolder.get(dir) ?? { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0 };
    for (const m of f.mutants) if (m.status in c) c[m.status]++;
    byFolder.set(dir, c);
  }
  for (const [dir, c] of [...byFolder].sort()) {
    const valid = c.Killed + c.Survived + c.NoCoverage + c.Timeout;
    if (valid === 0) continue;
    const score = (100 * (c.Killed + c.Timeout)) / valid;
    console.log(`mutation score ${dir}: ${score.toFixed(1)} % (killed ${c.Killed}, survived ${c.Survived}, no coverage ${c.NoCoverage}, timeout ${c.Timeout})`);
  }
}
