// Validation rules' cost: `assay import` of a generated 500,000-row CSV with 9 rules (unique id,
// required, type, range ×2, allowed, regex date, length, compare) against the same import
// without rules, in the same run. One row in 1,000 breaks a range rule, so the quarantine path
// runs too. Reports rows/s of both, their ratio, rows quarantined and the worker's peak RSS
// (the unique rule keeps every id in memory).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, dataDir, round, tempHome, watchRss } from './lib.mjs';

const rows = 500_000;
const file = path.join(dataDir, `rules-${rows}.csv`);

function generate() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id,customer,region,plan,tenure_months,monthly_fee,usage_gb,support_calls,signup_date,churned\n');
  const regions = ['north', 'south', 'east', 'west', 'central'];
  const plans = ['basic', 'plus', 'pro'];
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const calls = i % 1000 === 0 ? 99 : i % 9;
    buf += `${i},cust_${(i * 7919) % 1000003},${regions[i % 5]},${plans[i % 3]},${i % 72},${(19.99 + (i % 50)).toFixed(2)},${((i * 0.37) % 500).toFixed(3)},${calls},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${i % 7 === 0 ? 'yes' : 'no'}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

const rules = {
  version: 1,
  rules: [
    { kind: 'unique', column: 'id' },
    { kind: 'required', column: 'customer' },
    { kind: 'type', column: 'tenure_months', type: 'integer' },
    { kind: 'range', column: 'monthly_fee', min: 0, max: 100 },
    { kind: 'range', column: 'support_calls', min: 0, max: 20 },
    { kind: 'allowed', column: 'region', values: ['north', 'south', 'east', 'west', 'central'] },
    { kind: 'regex', column: 'signup_date', pattern: '\\d{4}-\\d{2}-\\d{2}' },
    { kind: 'length', column: 'customer', min: 6, max: 20 },
    { kind: 'compare', expression: 'usage_gb >= 0' },
  ],
};

async function importOnce(withRules) {
  const home = tempHome();
  const project = path.join(home, 'bench.assay');
  const rulesFile = path.join(home, 'rules.json');
  fs.writeFileSync(rulesFile, JSON.stringify(rules));
  const env = { ...process.env, ASSAY_HOME: home };
  const run = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const rss = watchRss(child.pid);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => (code === 0 ? resolve({ out, rss: rss.stop() }) : reject(new Error(`assay ${args[0]} exited ${code}`))));
    });
  await run(['new', project]);
  const t0 = performance.now();
  const { out, rss } = await run(['import', project, file, '--json', ...(withRules ? ['--rules', rulesFile] : [])]);
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, result: JSON.parse(out), rss };
}

generate();
const plain = await importOnce(false);
const ruled = await importOnce(true);
if (ruled.result.rowsQuarantined !== rows / 1000) throw new Error(`expected ${rows / 1000} quarantined rows, got ${ruled.result.rowsQuarantined}`);
console.log(JSON.stringify({
  bench: 'rules',
  rows,
  rules: rules.rules.length,
  withRulesSeconds: round(ruled.seconds),
  withRulesRowsPerSecond: Math.round(rows / ruled.seconds),
  withoutRulesSeconds: round(plain.seconds),
  withoutRulesRowsPerSecond: Math.round(rows / plain.seconds),
  ratioWithToWithout: round(plain.seconds / ruled.seconds, 3),
  rowsQuarantined: ruled.result.rowsQuarantined,
  failuresPerRule: ruled.result.rules,
  peakRssWorkerMBWithRules: ruled.rss.workerMB,
  peakRssWorkerMBWithout: plain.rss.workerMB,
}));
