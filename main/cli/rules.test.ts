import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../host/testing';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir('assay-cli-rules-');
const env = cliEnv(dir);

const assay = cliRunner({ env });

/** Pima's rows by the test's own reading, for reference counts. */
function pima(): { header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(path.join(sharedData, 'PimaIndiansDiabetes.csv'), 'utf8').trim().split('\n');
  const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');
  return { header: lines[0].split(',').map(unquote), rows: lines.slice(1).map((l) => l.split(',').map(unquote)) };
}

describe('assay import --rules and assay quarantine', () => {
  const project = path.join(dir, 'rules.assay');

  it('imports with a rules file, reports failures per rule, and lists the quarantine', () => {
    expect(assay('new', project).code).toBe(0);
    const { header, rows } = pima();
    const col = (n: string): number => header.indexOf(n);
    // Zeros stand for missing measurements in this dataset: a range rule catches them.
    const rulesFile = path.join(dir, 'rules.json');
    fs.writeFileSync(
      rulesFile,
      JSON.stringify({
        version: 1,
        rules: [
          { kind: 'range', column: 'glucose', min: 1 },
          { kind: 'range', column: 'mass', min: 10, name: 'plausible BMI' },
          { kind: 'allowed', column: 'diabetes', values: ['pos', 'neg'] },
        ],
      }),
    );
    const zeroGlucose = rows.filter((r) => Number(r[col('glucose')]) < 1).length;
    const lowMass = rows.filter((r) => Number(r[col('mass')]) < 10).length;
    const either = rows.filter((r) => Number(r[col('glucose')]) < 1 || Number(r[col('mass')]) < 10).length;
    expect(zeroGlucose).toBeGreaterThan(0);
    expect(lowMass).toBeGreaterThan(0);

    const imp = assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--name', 'pima', '--rules', rulesFile, '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({
      dataset: 'pima',
      rowsRead: 768,
      rowsStored: 768 - either,
      rowsQuarantined: either,
      rules: { 'glucose:range': zeroGlucose, 'plausible BMI': lowMass, 'diabetes:allowed': 0 },
    });

    const q = assay('quarantine', project, 'pima', '--json');
    expect(q.code).toBe(0);
    const listed = JSON.parse(q.stdout) as { total: number; ruleCounts: { rule: string; count: number }[]; rows: { line: number; rules: string[]; raw: string }[] };
    expect(listed.total).toBe(either);
    expect(listed.ruleCounts).toEqual(
      expect.arrayContaining([
        { rule: 'glucose:range', count: zeroGlucose },
        { rule: 'plausible BMI', count: lowMass },
      ]),
    );
    for (const r of listed.rows) {
      const src = rows[r.line - 1];
      const want = [...(Number(src[col('glucose')]) < 1 ? ['glucose:range'] : []), ...(Number(src[col('mass')]) < 10 ? ['plausible BMI'] : [])];
      expect(r.rules).toEqual(want);
      expect(r.raw).toBe(src.join(','));
    }
    const filtered = assay('quarantine', project, 'pima', '--rule', 'plausible BMI');
    expect(filtered.code).toBe(0);
    expect(filtered.stdout.split('\n')[0]).toBe(`pima: ${lowMass} quarantined rows failing plausible BMI`);
    expect(filtered.stdout).toMatch(/line \d+\tmass: [\d.]+ is below 10\t/);

    const text = assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--name', 'pima2', '--rules', rulesFile);
    expect(text.stdout).toBe(`imported ${768 - either} rows into "pima2" (${either} rows quarantined)\nrule failures: glucose:range ${zeroGlucose}, plausible BMI ${lowMass}\n`);
  }, 60_000);

  it('refuses a bad rules file before importing anything', () => {
    const bad = path.join(dir, 'bad.json');
    const before = assay('info', project, '--json');
    const datasets = (JSON.parse(before.stdout) as { datasets: unknown[] }).datasets.length;

    fs.writeFileSync(bad, '{"version": 1, "rules": [');
    const broken = assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--rules', bad);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^assay: .*bad\.json is not valid JSON .*Nothing was imported\.\n$/);

    fs.writeFileSync(bad, JSON.stringify({ version: 1, rules: [{ kind: 'positive', column: 'mass' }] }));
    const unknown = assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--rules', bad);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/rules\[0\]: unknown rule kind "positive"; known kinds: type, required, range/);

    expect(assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--rules', path.join(dir, 'missing.json')).stderr).toMatch(/Cannot read the rules file/);
    expect(assay('quarantine', project, 'nope').stderr).toMatch(/No dataset "nope" .*datasets: pima, pima2/);
    const after = JSON.parse(assay('info', project, '--json').stdout) as { datasets: unknown[]; runs: unknown[] };
    expect(after.datasets).toHaveLength(datasets);
  }, 60_000);
});
